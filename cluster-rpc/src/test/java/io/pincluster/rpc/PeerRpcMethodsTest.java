package io.pincluster.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors;
import io.grpc.MethodDescriptor;
import io.pincluster.protocol.PeerRpcMessages;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The hand-built method descriptors send exactly what {@code peer_rpc.proto}'s service declares. */
class PeerRpcMethodsTest {
    private static final List<MethodDescriptor<?, ?>> METHODS = List.of(PeerRpcMethods.ID, PeerRpcMethods.STATUS,
            PeerRpcMethods.STATUS_ALL, PeerRpcMethods.RECOVER, PeerRpcMethods.METRICS, PeerRpcMethods.BLOCK,
            PeerRpcMethods.PUT_BLOCK, PeerRpcMethods.JOIN, PeerRpcMethods.COLLECT_GARBAGE,
            PeerRpcMethods.REPORT_HOLDINGS, PeerRpcMethods.FIND_HOLDERS, PeerRpcMethods.ALLOCATION_CHANGES);

    @Test
    void descriptorsMatchTheProtoService() {
        Descriptors.ServiceDescriptor service = PeerRpcMessages.getDescriptor().findServiceByName("PeerRpc");
        assertThat(service.getFullName()).isEqualTo(PeerRpcMethods.SERVICE);
        Map<String, Descriptors.MethodDescriptor> declared = service.getMethods().stream()
                .collect(Collectors.toMap(Descriptors.MethodDescriptor::getName, Function.identity()));
        assertThat(METHODS).extracting(MethodDescriptor::getBareMethodName)
                .containsExactlyInAnyOrderElementsOf(declared.keySet());
        for (MethodDescriptor<?, ?> method : METHODS) {
            Descriptors.MethodDescriptor proto = declared.get(method.getBareMethodName());
            assertThat(messageType(method.getRequestMarshaller())).as(method.getFullMethodName() + " request")
                    .isEqualTo(proto.getInputType().getFullName());
            assertThat(messageType(method.getResponseMarshaller())).as(method.getFullMethodName() + " answer")
                    .isEqualTo(proto.getOutputType().getFullName());
            assertThat(method.getType() == MethodDescriptor.MethodType.SERVER_STREAMING)
                    .as(method.getFullMethodName() + " streams").isEqualTo(proto.isServerStreaming());
            assertThat(proto.isClientStreaming()).isFalse();
        }
    }

    private static String messageType(MethodDescriptor.Marshaller<?> marshaller) {
        return ((ProtoMarshaller<?, ?>) marshaller).messageType();
    }
}
