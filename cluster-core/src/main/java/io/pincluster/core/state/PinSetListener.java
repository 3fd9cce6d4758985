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

    /**
     * The whole pinset was just replaced (a snapshot loaded, or installed from the leader), on the apply thread.
     * Return true when this listener resyncs from the pinset itself (it must not block: hand the walk to a thread);
     * false, the default, to be told every difference through {@link #pinChanged}. A new peer that installs a
     * 10-million-pin snapshot would otherwise hear of every pin, one call each, before the apply thread goes on.
     */
    default boolean pinsetReplaced() {
        return false;
    }
}
