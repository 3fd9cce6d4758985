package io.pincluster.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangeTest {

    @ParameterizedTest(name = "{0} of {1}")
    @CsvSource(delimiter = '|', value = {
            "bytes=0-0           | 10 | 0 | 0",
            "bytes=2-5           | 10 | 2 | 5",
            "bytes=2-            | 10 | 2 | 9",
            "bytes=-3            | 10 | 7 | 9",
            "bytes=-30           | 10 | 0 | 9",
            "bytes=8-100         | 10 | 8 | 9",
            "BYTES= 1 - 2        | 10 | 1 | 2",
            "bytes=1-2, 5-6      | 10 | 1 | 2",
            "bytes=9-9           | 10 | 9 | 9"})
    void satisfiableRanges(String header, long size, long first, long last) throws Exception {
        assertThat(ByteRange.parse(header, size)).isEqualTo(new ByteRange(first, last));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=10-", "bytes=10-20", "bytes=5-4", "bytes=-0", "bytes=", "bytes=-", "bytes=a-b",
            "bytes=1-2-3", "chars=0-1", "bytes=0x1-2", "bytes=+1-2", "bytes=1234567890123456789-",
            "bytes=0-1234567890123456789"})
    void unsatisfiableOrMalformedRanges(String header) {
        assertThatThrownBy(() -> ByteRange.parse(header, 10)).isInstanceOf(ByteRange.UnsatisfiableException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-", "bytes=-1"})
    void anyRangeOfAnEmptyFileIsUnsatisfiable(String header) {
        assertThatThrownBy(() -> ByteRange.parse(header, 0)).isInstanceOf(ByteRange.UnsatisfiableException.class);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 1000})
    void absentHeaderMeansWholeFile(long size) throws Exception {
        assertThat(ByteRange.parse(null, size)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"0, 9, 10, bytes 0-9/10", "5, 5, 6, bytes 5-5/6"})
    void contentRangeAndLength(long first, long last, long size, String expected) {
        ByteRange r = new ByteRange(first, last);
        assertThat(r.contentRange(size)).isEqualTo(expected);
        assertThat(r.length()).isEqualTo(last - first + 1);
    }
}
