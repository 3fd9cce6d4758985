package io.pincluster.gateway.content;

/** What a resolved CID is, as far as the gateway's deserialized responses are concerned. */
public enum NodeKind {
    /** A UnixFS file or a raw block: served as bytes. */
    FILE,
    /** A UnixFS directory, plain or HAMT-sharded: served as index.html or a listing. */
    DIRECTORY,
    /** Anything else (a symlink, a codec the gateway cannot deserialize): only raw and CAR responses. */
    OTHER
}
