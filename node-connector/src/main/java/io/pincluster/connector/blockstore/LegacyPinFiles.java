package io.pincluster.connector.blockstore;

import io.pincluster.core.block.BlockStoreException;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.CidParseException;
import io.pincluster.core.cid.Multibase;
import io.pincluster.core.pin.PinMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Pin records of the store's first layout, one file per pin: named after the CID (unprefixed base32) with the suffix
 * {@value #SUFFIX}, holding the pin mode's name. {@link PinRecords} takes them over into its journal when it opens a
 * folder that still has them; a file that is not such a record stops the open with an error naming it.
 */
final class LegacyPinFiles {
    static final String SUFFIX = ".pin";

    private LegacyPinFiles() {
    }

    /** One pin file of the earlier layout and what it records. */
    record LegacyPin(Path file, Cid cid, PinMode mode) {
    }

    /** Every pin file in {@code dir}, read; empty when there is none (the usual case). */
    static List<LegacyPin> read(Path dir) throws IOException {
        List<LegacyPin> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                found.add(new LegacyPin(f, cidOf(f), modeOf(f)));
            }
        }
        return found;
    }

    private static Cid cidOf(Path f) throws BlockStoreException {
        String name = f.getFileName().toString();
        String encoded = name.substring(0, name.length() - SUFFIX.length());
        try {
            return Cid.decode(Multibase.BASE32.decodeRaw(encoded.toLowerCase(Locale.ROOT)));
        } catch (CidParseException e) {
            throw new BlockStoreException("pin record " + f + " is not named after a CID: " + e.getMessage(), e);
        }
    }

    private static PinMode modeOf(Path f) throws IOException {
        String text = Files.readString(f, StandardCharsets.US_ASCII).trim();
        try {
            return PinMode.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new BlockStoreException("pin record " + f + " holds '" + text + "', not a pin mode", e);
        }
    }
}
