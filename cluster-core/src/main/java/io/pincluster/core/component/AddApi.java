package io.pincluster.core.component;

import java.util.Iterator;
import java.util.function.Consumer;

/** {@code POST /add}: content uploaded into the cluster. */
public interface AddApi {
    /**
     * Imports {@code parts} (files and directories, in upload order) and, unless {@code noPin}, pins the root.
     * Emits each {@link AddedOutput} as soon as it is known.
     */
    void add(AddRequest request, Iterator<UploadPart> parts, Consumer<AddedOutput> output);
}
