package io.pincluster.it.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the cluster's API acknowledged to the load of a chaos run: every pin it answered 200 for, every unpin it
 * answered 2xx for. A write that failed (5xx, connection error) is not in it, although the cluster may still have
 * applied it; the few writes whose outcome a failure made unknowable are kept apart so the checks skip them
 * instead of guessing:
 * <ul>
 *   <li>an unpin that failed and then was never acknowledged (or found the pin already gone, 404): the pin may
 *       or may not be there;</li>
 *   <li>a pin acknowledged only on a retry: the failed attempt could still be applied later (a forwarded write
 *       that reaches the leader after its client gave up), even after the pin's acknowledged unpin.</li>
 * </ul>
 * Thread-safe: the load's thread records, the test's thread checks.
 */
final class PinLedger {
    private static final int SHOWN = 20;
    private final Set<String> pinned = ConcurrentHashMap.newKeySet();
    private final Set<String> unpinned = ConcurrentHashMap.newKeySet();
    private final Set<String> unpinUnknown = ConcurrentHashMap.newKeySet();
    private final Set<String> pinnedOnRetry = ConcurrentHashMap.newKeySet();

    /** The API acknowledged the pin of {@code cid}; {@code afterFailedAttempts}: earlier attempts failed. */
    void pinAcknowledged(String cid, boolean afterFailedAttempts) {
        pinned.add(cid);
        if (afterFailedAttempts) {
            pinnedOnRetry.add(cid);
        }
    }

    void unpinAcknowledged(String cid) {
        unpinned.add(cid);
    }

    /** An unpin of {@code cid} failed and its outcome is unknown: the pin may or may not still be there. */
    void unpinOutcomeUnknown(String cid) {
        unpinUnknown.add(cid);
    }

    /** Acknowledged pins without an acknowledged (or possibly applied) unpin: every peer must list them. */
    Set<String> mustBePinned() {
        Set<String> out = new TreeSet<>(pinned);
        out.removeAll(unpinned);
        out.removeAll(unpinUnknown);
        return out;
    }

    /** Acknowledged unpins of pins no lost attempt could bring back: no peer may list them. */
    Set<String> mustBeUnpinned() {
        Set<String> out = new TreeSet<>(unpinned);
        out.removeAll(pinnedOnRetry);
        return out;
    }

    /** The ledger against one peer's pinset: acknowledged pins it lacks, acknowledged unpins it still has. */
    List<String> diff(String peer, Set<String> pinset) {
        List<String> problems = new ArrayList<>();
        Set<String> missing = new TreeSet<>(mustBePinned());
        missing.removeAll(pinset);
        Set<String> back = new TreeSet<>(mustBeUnpinned());
        back.retainAll(pinset);
        if (!missing.isEmpty()) {
            problems.add(peer + " lacks " + missing.size() + " acknowledged pins: " + firstFew(missing));
        }
        if (!back.isEmpty()) {
            problems.add(peer + " still lists " + back.size() + " acknowledged unpins: " + firstFew(back));
        }
        return problems;
    }

    /** Up to {@value #SHOWN} CIDs, so a 10-minute run's diff stays readable. */
    private static String firstFew(Set<String> cids) {
        List<String> all = List.copyOf(cids);
        return all.size() <= SHOWN ? all.toString()
                : all.subList(0, SHOWN) + " and " + (all.size() - SHOWN) + " more";
    }

    /** One line for messages: how much the ledger holds and how much of it the checks skip. */
    String summary() {
        return pinned.size() + " pins and " + unpinned.size() + " unpins acknowledged (" + mustBePinned().size()
                + " must be pinned, " + mustBeUnpinned().size() + " must be unpinned; " + unpinUnknown.size()
                + " unpins of unknown outcome and " + pinnedOnRetry.size() + " pins acknowledged on a retry are"
                + " checked only where their outcome is certain)";
    }
}
