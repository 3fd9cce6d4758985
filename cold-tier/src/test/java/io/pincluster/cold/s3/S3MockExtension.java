package io.pincluster.cold.s3;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link S3MockServer} per test class (it takes seconds to start, so not per test), hands it to test
 * methods and constructors as a parameter, and always stops it and deletes its folder after the class, whatever
 * the tests did. Tests keep apart by each creating its own bucket.
 */
public final class S3MockExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            S3MockExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        context.getStore(NAMESPACE).put(S3MockServer.class, S3MockServer.start());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        S3MockServer server = context.getStore(NAMESPACE).remove(S3MockServer.class, S3MockServer.class);
        if (server != null) {
            server.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == S3MockServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // A method's store falls back to its class's, where beforeAll put the server.
        return context.getStore(NAMESPACE).get(S3MockServer.class, S3MockServer.class);
    }
}
