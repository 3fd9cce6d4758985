package io.pincluster.rest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TokenKeyTest {
    @Test
    void hkdfMatchesRfc5869TestCase3() {
        // RFC 5869 A.3: IKM = 22 x 0x0b, no salt, no info; the first 32 bytes of its OKM.
        byte[] ikm = new byte[22];
        java.util.Arrays.fill(ikm, (byte) 0x0b);
        assertThat(HexFormat.of().formatHex(TokenKey.hkdfSha256(ikm, new byte[0])))
                .isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d");
    }

    @Test
    void theKeyDependsOnTheSecretAndIsNotTheSecret() {
        String secret = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        byte[] key = TokenKey.fromClusterSecret(secret);
        assertThat(key).hasSize(32).isEqualTo(TokenKey.fromClusterSecret(secret))
                .isNotEqualTo(HexFormat.of().parseHex(secret))
                .isNotEqualTo(TokenKey.fromClusterSecret(secret.replace('f', 'e')));
    }
}
