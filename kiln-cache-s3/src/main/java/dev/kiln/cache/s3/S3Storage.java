package dev.kiln.cache.s3;

import dev.kiln.spi.RemoteStorage;
import dev.kiln.spi.RemoteStorageProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A remote cache tier in S3 or an S3-compatible store:
 * {@code s3://bucket[/prefix][?region=eu-west-1][&endpoint=http://host:port][&pathStyle=true]}. Credentials come
 * from the AWS SDK's default chain (environment, system properties, profile, instance role), never from the URI.
 * One object per entry, written by a single PUT (S3 never shows a partial object) with {@code If-None-Match: *}
 * after a HEAD, so the first writer of a name wins on stores that honour it; on one that ignores the condition, a
 * second writer of the same key replaces the object with an equally valid entry of that key.
 */
public final class S3Storage implements RemoteStorage {
    private final S3Client client;
    private final String bucket;
    private final String prefix;
    private final String description;

    private S3Storage(S3Client client, String bucket, String prefix, String description) {
        this.client = client;
        this.bucket = bucket;
        this.prefix = prefix;
        this.description = description;
    }

    /** The {@code s3} scheme, registered for {@link java.util.ServiceLoader}. */
    public static final class Provider implements RemoteStorageProvider {
        @Override
        public Set<String> schemes() {
            return Set.of("s3");
        }

        @Override
        public RemoteStorage open(URI uri, Duration timeout) throws IOException {
            String bucket = uri.getHost();
            if (bucket == null || bucket.isEmpty()) throw new IOException("no bucket in " + uri.getScheme() + " URI");
            if (uri.getUserInfo() != null) {
                throw new IOException("s3 URIs take no credentials; use the AWS SDK's (AWS_ACCESS_KEY_ID, profile, role)");
            }
            Map<String, String> q = query(uri.getRawQuery());
            String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
            String regionName = q.getOrDefault("region", System.getenv().getOrDefault("AWS_REGION", "us-east-1"));
            try {
                var b = S3Client.builder()
                        .region(Region.of(regionName))
                        .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout))
                        .overrideConfiguration(o -> o.apiCallTimeout(timeout).apiCallAttemptTimeout(timeout))
                        // Checksums only where S3 requires them: S3-compatible stores often lack the newer trailers.
                        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                        .forcePathStyle(Boolean.parseBoolean(q.getOrDefault("pathStyle", "false")));
                if (q.containsKey("endpoint")) b.endpointOverride(URI.create(q.get("endpoint")));
                return new S3Storage(b.build(), bucket, path.isEmpty() ? "" : path + "/",
                        "s3://" + bucket + (path.isEmpty() ? "" : "/" + path));
            } catch (SdkException | IllegalArgumentException e) {
                throw new IOException("cannot set up S3 client for " + uri.getScheme() + "://" + bucket + ": "
                        + e.getMessage(), e);
            }
        }

        private static Map<String, String> query(String raw) {
            Map<String, String> m = new HashMap<>();
            if (raw == null) return m;
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) m.put(decode(kv.substring(0, eq)), decode(kv.substring(eq + 1)));
            }
            return m;
        }

        private static String decode(String s) {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        }
    }

    private IOException failure(String what, SdkException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new IOException("S3 " + what + " on " + description + ": " + m.replace('\n', ' '), e);
    }

    @Override
    public Optional<byte[]> get(String name) throws IOException {
        try {
            return Optional.of(client.getObjectAsBytes(r -> r.bucket(bucket).key(prefix + name)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return Optional.empty();
            throw failure("GET", e);
        } catch (SdkException e) {
            throw failure("GET", e);
        }
    }

    @Override
    public boolean putIfAbsent(String name, byte[] data) throws IOException {
        String key = prefix + name;
        try {
            try {
                client.headObject(r -> r.bucket(bucket).key(key));
                return false;
            } catch (NoSuchKeyException e) {
                // absent: put it
            } catch (S3Exception e) {
                if (e.statusCode() != 404) throw e;
            }
            client.putObject(r -> r.bucket(bucket).key(key).ifNoneMatch("*").contentLength((long) data.length),
                    RequestBody.fromBytes(data));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) return false; // another writer got there first
            throw failure("PUT", e);
        } catch (SdkException e) {
            throw failure("PUT", e);
        }
    }

    @Override
    public List<String> list(String namePrefix, int limit) throws IOException {
        try {
            List<String> out = new ArrayList<>();
            for (S3Object o : client.listObjectsV2(r -> r.bucket(bucket).prefix(prefix + namePrefix).maxKeys(limit))
                    .contents()) {
                out.add(o.key().substring(prefix.length()));
            }
            return out;
        } catch (SdkException e) {
            throw failure("LIST", e);
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
