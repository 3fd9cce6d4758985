package io.pincluster.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * What {@code pin add}, {@code pin rm} and {@code pin update} print after the change (a picocli mixin): the pin's
 * status, the pin itself ({@code --no-status}), and whether to wait for every allocated peer first.
 */
final class WaitOptions {
    @Option(names = {"--ns", "--no-status"}, description = "Print the pin, not its status on every peer.")
    boolean noStatus;

    @Option(names = {"-w", "--wait"}, description = "Wait until every allocated peer has pinned (or unpinned) it.")
    boolean waitForPeers;

    @Option(names = {"--wt", "--wait-timeout"}, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "With --wait: give up after this long (exit code 62), e.g. 1m (default: never).")
    Duration waitTimeout;

    /** Prints the pin or its status, after waiting if asked; {@code pinning} false waits for unpinned. */
    int report(Session s, JsonNode pin, boolean pinning) {
        String cid = pin.path("cid").asText();
        if (waitForPeers) {
            StatusWaiter waiter = new StatusWaiter(s.client(), s.clock(), s.pollInterval());
            JsonNode status = pinning ? waiter.untilPinned(cid, waitTimeout) : waiter.untilUnpinned(cid, waitTimeout);
            if (noStatus) {
                s.printer().pin(pin);
            } else {
                s.printer().status(status);
            }
            return ExitCodes.OK;
        }
        if (noStatus) {
            s.printer().pin(pin);
        } else {
            s.printer().status(ClientCommand.required(s.client().call("GET", "/pins/" + cid), "status"));
        }
        return ExitCodes.OK;
    }
}
