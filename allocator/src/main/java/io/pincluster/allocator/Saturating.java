package io.pincluster.allocator;

/** Byte arithmetic that sticks at the long range instead of wrapping: metrics come from other peers. */
final class Saturating {
    private Saturating() {
    }

    static long subtract(long a, long b) {
        long r = a - b;
        // Overflow iff the operands have different signs and the result's sign differs from a's.
        if (((a ^ b) & (a ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    static long add(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }
}
