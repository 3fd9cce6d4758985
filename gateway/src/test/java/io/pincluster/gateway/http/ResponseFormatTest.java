package io.pincluster.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResponseFormatTest {

    @Test
    void formatParameterWinsOverAccept() throws Exception {
        assertThat(ResponseFormat.select("raw", "application/vnd.ipld.car")).isEqualTo(ResponseFormat.RAW);
        assertThat(ResponseFormat.select("CAR", null)).isEqualTo(ResponseFormat.CAR);
    }

    @Test
    void acceptPicksTheFirstIpldType() throws Exception {
        assertThat(ResponseFormat.select(null, "text/html, application/vnd.ipld.raw;q=0.9, application/vnd.ipld.car"))
                .isEqualTo(ResponseFormat.RAW);
        assertThat(ResponseFormat.select(null, "application/vnd.ipld.car; version=1")).isEqualTo(ResponseFormat.CAR);
        assertThat(ResponseFormat.select(null, "text/html,*/*")).isEqualTo(ResponseFormat.DESERIALIZED);
        assertThat(ResponseFormat.select(null, null)).isEqualTo(ResponseFormat.DESERIALIZED);
    }

    @Test
    void unknownFormatIsRefused() {
        assertThatThrownBy(() -> ResponseFormat.select("dag-json", null))
                .isInstanceOf(GatewayRequestException.class).hasMessageContaining("dag-json");
    }
}
