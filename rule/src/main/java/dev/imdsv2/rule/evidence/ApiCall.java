package dev.imdsv2.rule.evidence;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request the export sent to Config, as sent (page tokens aside), and
 * how many pages it took: the manifest lists them so that anyone can repeat
 * the exact query and compare.
 *
 * @param parameters the request's members by their API names, in request order
 */
public record ApiCall(String operation, Map<String, Object> parameters, int pages) {

    public ApiCall {
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }
}
