/* (int)/(long) lowerings side by side (convert_gen.py): isum = int sum of (int)(x*1000) (vectorisable),
 * quant = q[i] = (int)v, sum of (long)(v*2^20) (bin/bench's quantise), hist = histogram binning (scalar),
 * store = out[i] = (int|long)(x*1000). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#define V(n) void hist_##n(double*,int,double,double,int*,int); void store_##n(double*,void*,int);
V(sat_i32) V(sat_i64) V(range_i32) V(range_i64) V(cvtt_i32) V(cvtt_i64) V(rsel_i32) V(rsel_i64) V(range2_i32) V(range2_i64) V(clamp_i32) V(clamp_i64) V(rclamp_i32) V(rclamp_i64) V(clamp2_i32) V(clamp2_i64) long quant_rclamp(double*,int,int*); int isum_rclamp_i32(double*,int);long quant_clamp2(double*,int,int*); int isum_clamp2_i32(double*,int); long quant_clamp(double*,int,int*); int isum_clamp_i32(double*,int); long quant_range2(double*,int,int*); int isum_range2_i32(double*,int);
long quant_sat(double*,int,int*); long quant_cvtt(double*,int,int*); long quant_rsel(double*,int,int*);
int isum_sat_i32(double*,int); int isum_range_i32(double*,int); int isum_cvtt_i32(double*,int); int isum_rsel_i32(double*,int);
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(int argc,char**argv){
  int n=atoi(argv[1]); int reps=atoi(argv[2]);
  double*x=aligned_alloc(64,n*8); long*o=aligned_alloc(64,n*8); int cnt[256];
  srand(42); for(int i=0;i<n;i++) x[i]=rand()/(double)RAND_MAX*8-4;
  struct {const char*name; void(*h)(double*,int,double,double,int*,int); void(*s)(double*,void*,int);} vs[]={
   {"sat_i32",hist_sat_i32,store_sat_i32},{"range_i32",hist_range_i32,store_range_i32},{"cvtt_i32",hist_cvtt_i32,store_cvtt_i32},
   {"sat_i64",hist_sat_i64,store_sat_i64},{"range_i64",hist_range_i64,store_range_i64},{"cvtt_i64",hist_cvtt_i64,store_cvtt_i64},{"rsel_i32",hist_rsel_i32,store_rsel_i32},{"rsel_i64",hist_rsel_i64,store_rsel_i64},{"range2_i32",hist_range2_i32,store_range2_i32},{"range2_i64",hist_range2_i64,store_range2_i64},{"clamp_i32",hist_clamp_i32,store_clamp_i32},{"clamp_i64",hist_clamp_i64,store_clamp_i64},{"rclamp_i32",hist_rclamp_i32,store_rclamp_i32},{"rclamp_i64",hist_rclamp_i64,store_rclamp_i64},{"clamp2_i32",hist_clamp2_i32,store_clamp2_i32}};
  { int (*f[8])(double*,int)={isum_sat_i32,isum_range_i32,isum_cvtt_i32,isum_rsel_i32,isum_range2_i32,isum_clamp_i32,isum_rclamp_i32,isum_clamp2_i32}; const char*nm[8]={"sat","range","cvtt","rsel","range2","clamp","rclamp","clamp2"};
    for(int v=0;v<8;v++){ double b=1e9; volatile int sk; for(int k=0;k<5;k++){double t0=now(); for(int r=0;r<reps;r++) sk=f[v](x,n); double t=now()-t0; if(t<b)b=t;} printf("isum %-6s %8.3f\n",nm[v],b*1e9/n/reps);} }
  { long (*f[7])(double*,int,int*)={quant_sat,quant_cvtt,quant_rsel,quant_range2,quant_clamp,quant_rclamp,quant_clamp2}; const char*nm[7]={"sat","cvtt","rsel","range2","clamp","rclamp","clamp2"}; int*qq=malloc(n*4);
    for(int v=0;v<7;v++){ double b=1e9; volatile long sk; for(int k=0;k<5;k++){double t0=now(); for(int r=0;r<reps;r++) sk=f[v](x,n,qq); double t=now()-t0; if(t<b)b=t;} printf("quant %-6s %8.3f\n",nm[v],b*1e9/n/reps);} }
  printf("%-10s %8s %8s (ns/elem)\n","variant","hist","store");
  for(int v=0;v<15;v++){
    double best[2]={1e9,1e9};
    for(int k=0;k<5;k++){
      double t0=now(); for(int r=0;r<reps;r++) vs[v].h(x,n,-3,256/6.0,cnt,256); double t1=now();
      for(int r=0;r<reps;r++) vs[v].s(x,o,n); double t2=now();
      double d[2]={t1-t0,t2-t1}; for(int j=0;j<2;j++) if(d[j]<best[j]) best[j]=d[j];
    }
    printf("%-10s %8.3f %8.3f\n",vs[v].name,best[0]*1e9/n/reps,best[1]*1e9/n/reps);
  }
}
