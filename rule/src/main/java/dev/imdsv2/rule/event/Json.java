package dev.imdsv2.rule.event;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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

    /**
     * The longest string is {@code invokingEvent} itself, within Lambda's 1 MB;
     * the strings inside an item or an export are names, ids and user data.
     */
    static final int MAX_STRING_LENGTH = 1024 * 1024;

    /** Numbers in Config items are counts, sizes and epoch times. */
    static final int MAX_NUMBER_LENGTH = 64;

    /** Field names are AWS's own (tag keys at most 128 characters); a long name is not one of them. */
    static final int MAX_NAME_LENGTH = 1024;

    private Json() {
    }

    public static ObjectMapper mapper() {
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxDocumentLength(MAX_DOCUMENT_BYTES)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxNameLength(MAX_NAME_LENGTH)
                .build();
        return new ObjectMapper(JsonFactory.builder().streamReadConstraints(limits).build());
    }

    /**
     * Why a document could not be read, in words that tell a limit of this
     * reader (named as Jackson names it) from a document that is not JSON.
     */
    public static String whyUnreadable(Exception e) {
        if (e instanceof StreamConstraintsException limit) {
            return "exceeds a limit of the rule's JSON reader: " + limit.getOriginalMessage();
        }
        String reason = e instanceof JacksonException jackson ? jackson.getOriginalMessage() : e.getMessage();
        return "is not JSON: " + reason;
    }

    /** True when reading failed on one of this reader's limits rather than on broken JSON. */
    public static boolean isLimit(Exception e) {
        return e instanceof StreamConstraintsException;
    }
}
