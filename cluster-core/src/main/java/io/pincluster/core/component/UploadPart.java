package io.pincluster.core.component;

import java.io.InputStream;

/** One part of a multipart upload: a file (with content) or a directory (content null), by relative path. */
public record UploadPart(String path, boolean directory, InputStream content) {
}
