package io.pincluster.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.CidParseException;
import org.junit.jupiter.api.Test;

/** The remembered text forms of CIDs are exactly {@link Cid#parse} and {@link Cid#toString()}. */
class CidTextTest {
    private static final String V0 = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";

    @Test
    void parsesAndFormatsAsCidDoesTheSecondTimeToo() {
        Cid v0 = Cid.parse(V0);
        Cid v1 = v0.toV1();
        for (int i = 0; i < 2; i++) {
            assertThat(CidText.parse(V0)).isEqualTo(v0);
            assertThat(CidText.format(v0)).isEqualTo(V0);
            assertThat(CidText.parse(v1.toString())).isEqualTo(v1);
            assertThat(CidText.format(v1)).isEqualTo(v1.toString());
        }
        assertThat(CidText.parse(V0)).isSameAs(CidText.parse(V0));
    }

    @Test
    void aMalformedCidStillFailsEveryTime() {
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> CidText.parse("Qm0OIl")).isInstanceOf(CidParseException.class);
        }
    }
}
