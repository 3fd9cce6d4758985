package io.pincluster.ipld.unixfs;

import java.io.IOException;

/** A path segment that does not exist in its directory, or that goes through something that is not a directory. */
public final class PathNotFoundException extends IOException {
    private final String path;

    public PathNotFoundException(String path, String message) {
        super(message);
        this.path = path;
    }

    /** The path that was asked for. */
    public String path() {
        return path;
    }
}
