/** A remote cache tier in S3 ({@code s3://}), found by the runtime through ServiceLoader. */
module dev.kiln.cache.s3 {
    requires dev.kiln.runtime;
    requires software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.http.urlconnection;

    provides dev.kiln.spi.RemoteStorageProvider with dev.kiln.cache.s3.S3Storage.Provider;
}
