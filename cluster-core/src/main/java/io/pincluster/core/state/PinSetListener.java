package io.pincluster.core.state;

import io.pincluster.core.pin.Pin;

/**
 * Told about every change of the local replica, on every peer, after the change is visible to readers.
 * Called on the single apply thread in log order: implementations must be cheap and must not block
 * (hand the work to a queue). An exception thrown here is logged and otherwise ignored; it never stops
 * the apply thread.
 */
@FunctionalInterface
public interface PinSetListener {
    /**
     * @param before the pin as it was, or null if the CID was not pinned
     * @param after the pin as it is now, or null if the CID was removed
     */
    void pinChanged(Pin before, Pin after);
}
