package io.pincluster.core.state;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.pin.Pin;

/**
 * One deterministic change to the pinset, as written to the log. Everything non-deterministic (time,
 * allocations) is already inside the {@link Pin}; applying the same op to the same state gives the same
 * result on every peer. Both ops are idempotent.
 */
public sealed interface PinOp permits PinOp.AddPin, PinOp.RemovePin {
    Cid cid();

    /** Inserts or replaces the pin of {@code pin.cid()}. */
    record AddPin(Pin pin) implements PinOp {
        public AddPin {
            if (pin == null) {
                throw new IllegalArgumentException("AddPin needs a pin");
            }
        }

        @Override
        public Cid cid() {
            return pin.cid();
        }
    }

    /** Removes the pin of {@code cid}; removing a missing CID changes nothing. */
    record RemovePin(Cid cid) implements PinOp {
        public RemovePin {
            if (cid == null) {
                throw new IllegalArgumentException("RemovePin needs a CID");
            }
        }
    }
}
