package dev.kiln.cache.redis;

import dev.kiln.spi.RemoteStorage;
import dev.kiln.spi.RemoteStorageProvider;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A remote cache tier in Redis: {@code redis://[[user]:password@]host[:port][/db]}, or {@code rediss://} for TLS.
 * Each object is one string value written with {@code SET NX} (atomic: a reader sees all of it or nothing, and the
 * first writer of a name wins). Listing uses one sorted set of names ({@value #INDEX}) read with
 * {@code ZRANGEBYLEX}, so it never scans the key space; a name is added to it after its object, so a listed name
 * whose object was evicted simply reads as absent.
 */
public final class RedisStorage implements RemoteStorage {
    static final String INDEX = "kiln:index";
    private static final byte[] INDEX_KEY = INDEX.getBytes(StandardCharsets.UTF_8);

    private final RedisClient client;
    private final String description;

    private RedisStorage(RedisClient client, String description) {
        this.client = client;
        this.description = description;
    }

    /** {@code redis} and {@code rediss}, registered for {@link java.util.ServiceLoader}. */
    public static final class Provider implements RemoteStorageProvider {
        @Override
        public Set<String> schemes() {
            return Set.of("redis", "rediss");
        }

        @Override
        public RemoteStorage open(URI uri, Duration timeout) throws IOException {
            if (uri.getHost() == null) throw new IOException("no host in " + uri.getScheme() + " URI");
            int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
            DefaultJedisClientConfig.Builder cfg = DefaultJedisClientConfig.builder()
                    .connectionTimeoutMillis(millis).socketTimeoutMillis(millis)
                    .ssl(uri.getScheme().equalsIgnoreCase("rediss")).clientName("kiln");
            String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
            if (!path.isEmpty()) {
                try {
                    cfg.database(Integer.parseInt(path));
                } catch (NumberFormatException e) {
                    throw new IOException("the path of a redis URI is a database number, not '" + path + "'");
                }
            }
            String info = uri.getRawUserInfo();
            if (info != null) {
                int colon = info.indexOf(':');
                String user = colon < 0 ? null : decode(info.substring(0, colon));
                String pass = decode(colon < 0 ? info : info.substring(colon + 1));
                if (user != null && !user.isEmpty()) cfg.user(user);
                cfg.password(pass);
            }
            GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
            pool.setMaxTotal(8);
            pool.setMaxWait(timeout); // never wait forever for a pooled connection
            pool.setJmxEnabled(false);
            int port = uri.getPort() < 0 ? 6379 : uri.getPort();
            RedisClient c = RedisClient.builder().hostAndPort(uri.getHost(), port).clientConfig(cfg.build())
                    .poolConfig(pool).build();
            return new RedisStorage(c, uri.getScheme() + "://" + uri.getHost() + ":" + port
                    + (path.isEmpty() ? "" : "/" + path));
        }

        private static String decode(String s) {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private IOException failure(String what, JedisException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e.getCause() != null && e.getCause().getMessage() != null) m += " (" + e.getCause().getMessage() + ")";
        return new IOException("redis " + what + " on " + description + ": " + m.replace('\n', ' '), e);
    }

    @Override
    public Optional<byte[]> get(String name) throws IOException {
        try {
            return Optional.ofNullable(client.get(bytes(name)));
        } catch (JedisException e) {
            throw failure("GET", e);
        }
    }

    @Override
    public boolean putIfAbsent(String name, byte[] data) throws IOException {
        try {
            boolean stored = "OK".equals(client.set(bytes(name), data, SetParams.setParams().nx()));
            // Listed even when it was there already: a writer that died between the two commands left it unlisted.
            client.zadd(INDEX_KEY, 0, bytes(name));
            return stored;
        } catch (JedisException e) {
            throw failure("SET", e);
        }
    }

    @Override
    public List<String> list(String prefix, int limit) throws IOException {
        try {
            byte[] from = bytes("[" + prefix);
            byte[] to = bytes("[" + prefix + "\uffff");
            List<String> out = new ArrayList<>();
            for (byte[] b : client.zrangeByLex(INDEX_KEY, from, to, 0, limit)) out.add(new String(b, StandardCharsets.UTF_8));
            return out;
        } catch (JedisException e) {
            throw failure("ZRANGEBYLEX", e);
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        client.close();
    }
}
