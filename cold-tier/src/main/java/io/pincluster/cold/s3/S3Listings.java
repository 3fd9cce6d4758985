package io.pincluster.cold.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ListPartsRequest;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The three S3 listings the store needs, each followed page by page to the end: S3 returns at most 1,000 entries
 * per call, and a listing that stops at the first page silently misses parts, uploads or archives.
 *
 * <p>Paging follows the markers the store returns ({@code NextPartNumberMarker}, {@code NextKeyMarker} with
 * {@code NextUploadIdMarker}, {@code NextContinuationToken}) while it says the listing is truncated. A store that
 * says "truncated" but returns no marker would loop forever; that is treated as the end, since there is nothing
 * left to ask for.
 */
final class S3Listings {
    private final S3Client s3;
    private final String bucket;
    private final int pageSize;

    S3Listings(S3Client s3, String bucket, int pageSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.pageSize = pageSize;
    }

    /** One part the store holds for an open upload. */
    record ListedPart(int number, long size, String etag) {
    }

    /** Every part of upload {@code uploadId} of {@code key}, in part-number order. */
    List<ListedPart> parts(String key, String uploadId) {
        List<ListedPart> parts = new ArrayList<>();
        Integer marker = null;
        while (true) {
            ListPartsResponse page = s3.listParts(ListPartsRequest.builder().bucket(bucket).key(key)
                    .uploadId(uploadId).maxParts(pageSize).partNumberMarker(marker).build());
            for (Part p : page.parts()) {
                parts.add(new ListedPart(p.partNumber(), p.size(), Etags.normalize(p.eTag())));
            }
            if (!Boolean.TRUE.equals(page.isTruncated()) || page.nextPartNumberMarker() == null
                    || page.nextPartNumberMarker().equals(marker)) {
                return parts;
            }
            marker = page.nextPartNumberMarker();
        }
    }

    /** Every open multipart upload whose key starts with {@code prefix}. */
    List<PendingUpload> uploads(String prefix) {
        List<PendingUpload> uploads = new ArrayList<>();
        String keyMarker = null;
        String uploadIdMarker = null;
        while (true) {
            ListMultipartUploadsResponse page = s3.listMultipartUploads(ListMultipartUploadsRequest.builder()
                    .bucket(bucket).prefix(prefix).maxUploads(pageSize).keyMarker(keyMarker)
                    .uploadIdMarker(uploadIdMarker).build());
            for (MultipartUpload u : page.uploads()) {
                uploads.add(new PendingUpload(u.key(), u.uploadId(), u.initiated()));
            }
            if (!Boolean.TRUE.equals(page.isTruncated()) || page.nextKeyMarker() == null
                    || page.nextKeyMarker().equals(keyMarker)
                    && Objects.equals(page.nextUploadIdMarker(), uploadIdMarker)) {
                return uploads;
            }
            keyMarker = page.nextKeyMarker();
            uploadIdMarker = page.nextUploadIdMarker();
        }
    }

    /** The open uploads of exactly {@code key}: a prefix listing also returns longer keys that start with it. */
    List<PendingUpload> uploadsOf(String key) {
        return uploads(key).stream().filter(u -> u.key().equals(key)).toList();
    }

    /** Every object whose key starts with {@code prefix}, in key order. */
    List<ObjectInfo> objects(String prefix) {
        List<ObjectInfo> objects = new ArrayList<>();
        String token = null;
        while (true) {
            ListObjectsV2Response page = s3.listObjectsV2(ListObjectsV2Request.builder().bucket(bucket)
                    .prefix(prefix).maxKeys(pageSize).continuationToken(token).build());
            for (S3Object o : page.contents()) {
                objects.add(new ObjectInfo(o.key(), o.size(), Etags.normalize(o.eTag()), o.lastModified(),
                        Optional.empty()));
            }
            if (!Boolean.TRUE.equals(page.isTruncated()) || page.nextContinuationToken() == null) {
                return objects;
            }
            token = page.nextContinuationToken();
        }
    }
}
