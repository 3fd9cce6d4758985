package io.pincluster.consensus.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pin codec on a run of records, as a snapshot or a log entry holds them. */
class PinCodecTest {
    private static Cid cid(String s) {
        return Cid.v1(Codec.RAW, Multihash.sha256(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static Pin pin(String name, PinOptions options) {
        return new Pin(cid(name), options, PinType.DATA,
                List.of(PeerId.ofPublicKeyProto("p".getBytes(StandardCharsets.UTF_8))), null,
                Instant.ofEpochSecond(1_765_000_000L, 123));
    }

    private static PinOptions named(String name) {
        return new PinOptions(-1, -1, name, PinMode.RECURSIVE, 0, List.of(), null, Map.of(), null, List.of());
    }

    private static List<Pin> roundTrip(PinCodec reader, List<Pin> pins) {
        BinaryWriter w = new BinaryWriter(256);
        PinCodec writer = new PinCodec();
        for (Pin p : pins) {
            writer.writePin(w, p);
        }
        BinaryReader r = new BinaryReader(w.toByteArray());
        List<Pin> out = new ArrayList<>();
        for (int i = 0; i < pins.size(); i++) {
            out.add(reader.readPin(r));
        }
        r.expectEnd("pins");
        return out;
    }

    @Test
    void pinsWithTheSameOptionsInARowShareOneOptionsObjectAndChangedOptionsAreReadAgain() {
        PinOptions common = PinOptions.DEFAULTS.withReplication(2, 3);
        PinOptions named = new PinOptions(1, 1, "site", PinMode.RECURSIVE, 0, List.of(), null, Map.of("k", "v"),
                null, List.of());
        List<Pin> in = List.of(pin("a", common), pin("b", common), pin("c", named), pin("d", named),
                pin("e", common), pin("f", PinOptions.DEFAULTS));
        List<Pin> out = roundTrip(new PinCodec(), in);
        assertThat(out).isEqualTo(in);
        assertThat(out.get(1).options()).isSameAs(out.get(0).options());
        assertThat(out.get(3).options()).isSameAs(out.get(2).options());
        assertThat(out.get(4).options()).isEqualTo(common).isNotSameAs(out.get(2).options());
        assertThat(out.get(5).options()).isEqualTo(PinOptions.DEFAULTS);
    }

    @Test
    void optionsThatStartWithTheLastOnesBytesButGoOnAreNotMistakenForThem() {
        // the name "ab" is written as length 2 then "ab": its bytes are not a continuation of "a"'s
        PinOptions a = named("a");
        PinOptions ab = named("ab");
        List<Pin> in = List.of(pin("x", a), pin("y", ab), pin("z", a));
        assertThat(roundTrip(new PinCodec(), in)).isEqualTo(in);
    }

    @Test
    void aDamagedRecordAfterAGoodOneIsStillRefused() {
        PinCodec writer = new PinCodec();
        BinaryWriter w = new BinaryWriter(256);
        writer.writePin(w, pin("a", PinOptions.DEFAULTS));
        int firstEnd = w.size();
        writer.writePin(w, pin("b", PinOptions.DEFAULTS));
        byte[] bytes = w.toByteArray();
        bytes[bytes.length - 1] = (byte) 0xFF; // the timestamp's last varint byte now says "more follows"
        PinCodec reader = new PinCodec();
        BinaryReader r = new BinaryReader(bytes);
        assertThat(reader.readPin(r).cid()).isEqualTo(cid("a"));
        assertThat(r.position()).isEqualTo(firstEnd);
        assertThatThrownBy(() -> reader.readPin(r)).isInstanceOf(MalformedDataException.class);
    }
}
