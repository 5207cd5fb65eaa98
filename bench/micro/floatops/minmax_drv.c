/* Math.min/max lowerings side by side (minmax_gen.py): red = s += min(max(x[i], lo), hi) with a strict sum
 * (scalar), redfast = the same with reassoc (vectorised), store = out[i] = min(max(x[i], lo), hi) (vectorised). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <math.h>
typedef double T;
#define V(n) T red_##n(T*,int,T,T); T redfast_##n(T*,int,T,T); void store_##n(T*,T*,int,T,T);
V(minimum) V(hsblend) V(eqfix) V(numfix) V(branch) V(hsblend2) V(branch2) V(and2) V(zs1) V(zs2) V(branch3)
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
volatile T sink;
int main(int argc,char**argv){
  int n=atoi(argv[1]); int reps=atoi(argv[2]);
  T*x=aligned_alloc(64,n*sizeof(T)),*o=aligned_alloc(64,n*sizeof(T));
  srand(42); for(int i=0;i<n;i++) x[i]=(T)(rand()/(double)RAND_MAX*8-4);
  T lo=-1,hi=1;
  struct {const char*name; T(*r)(T*,int,T,T); T(*rf)(T*,int,T,T); void(*s)(T*,T*,int,T,T);} vs[]={{"minimum",red_minimum,redfast_minimum,store_minimum},{"hsblend",red_hsblend,redfast_hsblend,store_hsblend},{"eqfix",red_eqfix,redfast_eqfix,store_eqfix},{"numfix",red_numfix,redfast_numfix,store_numfix},{"branch",red_branch,redfast_branch,store_branch},{"hsblend2",red_hsblend2,redfast_hsblend2,store_hsblend2},{"branch2",red_branch2,redfast_branch2,store_branch2},{"and2",red_and2,redfast_and2,store_and2},{"zs1",red_zs1,redfast_zs1,store_zs1},{"zs2",red_zs2,redfast_zs2,store_zs2},{"branch3",red_branch3,redfast_branch3,store_branch3}};
  printf("%-8s %10s %10s %10s  (ns/elem, best of 5)\n","variant","red","redfast","store");
  for(int v=0;v<11;v++){
    double best[3]={1e9,1e9,1e9};
    for(int k=0;k<5;k++){
      double t0=now(); for(int r=0;r<reps;r++) sink=vs[v].r(x,n,lo,hi); double t1=now();
      for(int r=0;r<reps;r++) sink=vs[v].rf(x,n,lo,hi); double t2=now();
      for(int r=0;r<reps;r++) vs[v].s(x,o,n,lo,hi); double t3=now();
      double d[3]={t1-t0,t2-t1,t3-t2}; for(int j=0;j<3;j++) if(d[j]<best[j]) best[j]=d[j];
    }
    printf("%-8s %10.3f %10.3f %10.3f  check %g\n",vs[v].name,best[0]*1e9/n/reps,best[1]*1e9/n/reps,best[2]*1e9/n/reps, vs[v].r(x,n,lo,hi));
  }
}
