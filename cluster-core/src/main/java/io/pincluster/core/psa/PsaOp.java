package io.pincluster.core.psa;

/** A change of the {@link PsaTable}, as the log carries it: pin requests, and tenant records (decision 0017). */
public sealed interface PsaOp {
    /**
     * Adds {@code pin} (with its {@code created} time set) and, when {@code replaces} is not null, removes that
     * request in the same step (the Pinning Service API's replace).
     */
    record Put(PsaPin pin, String replaces) implements PsaOp {
        public Put {
            java.util.Objects.requireNonNull(pin, "pin");
            java.util.Objects.requireNonNull(pin.created(), "created");
        }
    }

    /** Removes one request; nothing happens when it is gone already. */
    record Remove(String requestId) implements PsaOp {
        public Remove {
            if (!PsaPin.validRequestId(requestId)) {
                throw new IllegalArgumentException("not a request ID");
            }
        }
    }

    /** Records {@code tenant} (its {@code created} set), replacing the record of that name if there is one. */
    record PutTenant(Tenant tenant) implements PsaOp {
        public PutTenant {
            java.util.Objects.requireNonNull(tenant, "tenant");
            java.util.Objects.requireNonNull(tenant.created(), "created");
        }
    }

    /** Removes a tenant record (its pin requests stay); nothing happens when it is gone already. */
    record RemoveTenant(String name) implements PsaOp {
        public RemoveTenant {
            if (!Tenant.validName(name)) {
                throw new IllegalArgumentException("not a tenant name");
            }
        }
    }
}
