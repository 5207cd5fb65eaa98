/** A remote cache tier in Redis ({@code redis://}, {@code rediss://}), found by the runtime through ServiceLoader. */
module dev.kiln.cache.redis {
    requires dev.kiln.runtime;
    requires redis.clients.jedis;
    requires org.apache.commons.pool2;

    provides dev.kiln.spi.RemoteStorageProvider with dev.kiln.cache.redis.RedisStorage.Provider;
}
