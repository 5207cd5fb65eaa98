package dev.kiln.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 server: S3Proxy (from Maven Central, copied to target/s3proxy by the build) in its own JVM, on a free
 * loopback port, storing objects in a temp folder; stopped by {@link #close()}.
 */
final class S3ProxyServer implements AutoCloseable {
    static final String IDENTITY = "kiln-test";
    static final String CREDENTIAL = "kiln-test-secret";
    final int port;
    private final Process process;

    private S3ProxyServer(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    static S3ProxyServer start(Path dir) throws IOException, InterruptedException {
        Path jar = Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) throw new IOException("no " + jar + ": run the tests through Maven");
        int port = RedisServer.freePort();
        Path data = Files.createDirectories(dir.resolve("s3-data"));
        Path conf = dir.resolve("s3proxy.conf");
        Files.writeString(conf, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + IDENTITY,
                "s3proxy.credential=" + CREDENTIAL,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + data,
                "jclouds.identity=" + IDENTITY,
                "jclouds.credential=" + CREDENTIAL) + "\n");
        Path log = dir.resolve("s3proxy.log");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar", jar.toString(), "--properties", conf.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        S3ProxyServer s = new S3ProxyServer(port, p);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end && p.isAlive()) {
            try (Socket sock = new Socket()) {
                sock.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return s;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        s.close();
        throw new IOException("S3Proxy did not start on port " + port + ": " + Files.readString(log));
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The system properties a child needs to reach it (the AWS SDK reads credentials from these). */
    Map<String, String> credentials() {
        return Map.of("aws.accessKeyId", IDENTITY, "aws.secretAccessKey", CREDENTIAL);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(15, TimeUnit.SECONDS);
        }
    }
}
