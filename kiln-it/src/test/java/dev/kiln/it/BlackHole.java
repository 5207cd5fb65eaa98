package dev.kiln.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A loopback port that accepts connections and never answers: the worst kind of dead server. */
final class BlackHole implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    BlackHole() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofPlatform().daemon().name("black-hole").start(() -> {
            while (!server.isClosed()) {
                try {
                    held.add(server.accept()); // kept open, never read or written
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    int port() {
        return server.getLocalPort();
    }

    int accepted() {
        return held.size();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        for (Socket s : held) s.close();
        acceptor.join(5000);
    }
}
