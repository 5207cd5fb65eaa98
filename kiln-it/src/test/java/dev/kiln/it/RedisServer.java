package dev.kiln.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real {@code redis-server} on a free loopback port, in a temp folder, without persistence; stopped by
 * {@link #close()}. Tests that need one skip (with the reason) only when no redis-server binary exists.
 */
final class RedisServer implements AutoCloseable {
    final int port;
    private final Process process;

    private RedisServer(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    static Path binary() {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/sbin:/usr/local/bin").split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, "redis-server");
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    /** Starts a server, or skips the test when redis-server is not installed. */
    static RedisServer start(Path dir) throws IOException, InterruptedException {
        Path bin = binary();
        assumeTrue(bin != null, "redis-server not found on PATH: install it (apt-get install redis-server; .ci/run does)");
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            Path log = dir.resolve("redis-" + port + ".log");
            Process p = new ProcessBuilder(List.of(bin.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toAbsolutePath().toString(), "--daemonize", "no"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            RedisServer s = new RedisServer(port, p);
            if (s.awaitReady(10_000)) return s;
            s.close();
            last = new IOException("redis-server did not answer on port " + port + ": " + Files.readString(log));
        }
        throw last;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    String uri() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    private boolean awaitReady(long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end && process.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                s.setSoTimeout(1000);
                OutputStream out = s.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                byte[] b = in.readNBytes(7);
                if (new String(b, StandardCharsets.US_ASCII).equals("+PONG\r\n")) return true;
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(20);
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
