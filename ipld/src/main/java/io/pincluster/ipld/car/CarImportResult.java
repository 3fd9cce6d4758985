package io.pincluster.ipld.car;

import io.pincluster.core.cid.Cid;
import java.util.List;

/**
 * What a CAR import stored.
 *
 * @param roots      the roots the header named (pinned recursively when the import was asked to pin them)
 * @param blockCount how many sections were read
 * @param blockBytes the sum of their block sizes
 */
public record CarImportResult(List<Cid> roots, long blockCount, long blockBytes) {
    public CarImportResult {
        roots = List.copyOf(roots);
    }
}
