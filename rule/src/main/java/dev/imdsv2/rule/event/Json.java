package dev.imdsv2.rule.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one JSON reader the rule uses for what arrives from outside: events,
 * rule parameters, items from Config's history, AWS CLI exports. Its limits
 * are set to what Config can send, so a hostile or broken document fails
 * with a clear error instead of exhausting memory or the stack.
 */
public final class Json {

    /** Config items nest a dozen levels; five times that is still no attack surface. */
    static final int MAX_NESTING_DEPTH = 64;

    /**
     * Lambda accepts at most 1 MB for an asynchronous invocation and Config
     * sends oversized items by reference, so no field or document is larger.
     */
    static final int MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

    /** Numbers in Config items are counts, sizes and epoch times. */
    static final int MAX_NUMBER_LENGTH = 64;

    private Json() {
    }

    public static ObjectMapper mapper() {
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxDocumentLength(MAX_DOCUMENT_BYTES)
                .maxStringLength(MAX_DOCUMENT_BYTES)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxNameLength(1024)
                .build();
        return new ObjectMapper(JsonFactory.builder().streamReadConstraints(limits).build());
    }
}
