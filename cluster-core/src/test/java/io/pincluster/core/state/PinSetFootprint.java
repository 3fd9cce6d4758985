package io.pincluster.core.state;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Measures the heap a {@link PinSetState} costs per pin: loads N synthetic pins shaped like the ones the
 * log decoder produces (fresh CID, options, metadata map and allocation list per pin; peer IDs shared, as
 * the decoder caches them; no name or metadata; 2 or 3 allocations out of 5 peers) and prints the used heap
 * after a full GC divided by N. A main, not a test: a heap number is only meaningful in a JVM of its own.
 *
 * <pre>java -Xmx1g -cp target-x/classes:target-x/test-classes io.pincluster.core.state.PinSetFootprint 300000 [hold]</pre>
 */
public final class PinSetFootprint {
    private PinSetFootprint() {
    }

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        List<PeerId> peers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            peers.add(PeerId.ofPublicKeyProto(("footprint-peer-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        long before = usedAfterGc();
        PinSetState state = new PinSetState();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            state.apply(new PinOp.AddPin(decodedLikePin(i, peers, t0)));
        }
        long after = usedAfterGc();
        System.out.printf("pins=%d bytes/pin=%.1f (used heap %d -> %d)%n", state.size(),
                (after - before) / (double) n, before, after);
        if (args.length > 1 && args[1].equals("hold")) {
            System.out.println("holding the pinset for jcmd <pid> GC.class_histogram; press Enter to exit");
            System.in.read();
            System.out.println("still " + state.size() + " pins");
        }
    }

    private static Pin decodedLikePin(int i, List<PeerId> peers, Instant t0) {
        byte[] seed = ByteBuffer.allocate(4).putInt(i).array();
        Cid cid = Cid.decode(Cid.v1(Codec.RAW, Multihash.sha256(seed)).bytes());
        int count = 2 + i % 2;
        List<PeerId> allocations = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            allocations.add(peers.get((i + k) % peers.size()));
        }
        PinOptions options = new PinOptions(2, 3, "", PinMode.RECURSIVE, 0, new ArrayList<>(), null,
                new TreeMap<>(), null, new ArrayList<>());
        return new Pin(cid, options, PinType.DATA, allocations, null, t0.plusMillis(i));
    }

    /** The lowest used heap over a few full collections (one System.gc() can leave some garbage behind). */
    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
