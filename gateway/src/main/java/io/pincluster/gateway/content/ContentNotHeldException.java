package io.pincluster.gateway.content;

import io.pincluster.core.cid.Cid;
import java.io.IOException;

/**
 * A block the request needs is not in this peer's store (or its stored copy was corrupt and has been
 * quarantined, which counts as not held). The gateway answers 404 until peer fetching exists.
 */
public final class ContentNotHeldException extends IOException {
    private final transient Cid cid;

    public ContentNotHeldException(Cid cid, Throwable cause) {
        super("block " + cid + " is not held by this peer", cause);
        this.cid = cid;
    }

    public Cid cid() {
        return cid;
    }
}
