package io.pincluster.service.holders;

import io.pincluster.core.component.HoldingsReply;
import io.pincluster.core.component.HoldingsReport;
import io.pincluster.core.peer.PeerId;
import io.pincluster.service.testing.UnreachablePeerRpc;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A peer RPC that carries holdings reports to other peers' registries in this JVM, records them, and can be cut;
 * every other call fails with {@code UNAVAILABLE}.
 */
final class LeaderLink extends UnreachablePeerRpc {
    final Map<PeerId, HolderRegistry> registries = new ConcurrentHashMap<>();
    final List<HoldingsReport> sent = new CopyOnWriteArrayList<>();
    volatile boolean cut;

    @Override
    public HoldingsReply reportHoldings(PeerId target, HoldingsReport report) {
        if (cut) {
            throw unavailable(target);
        }
        sent.add(report);
        HolderRegistry registry = registries.get(target);
        if (registry == null) {
            throw unavailable(target);
        }
        return registry.report(report);
    }
}
