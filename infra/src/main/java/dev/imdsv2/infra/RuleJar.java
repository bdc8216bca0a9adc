package dev.imdsv2.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import software.constructs.Node;

/**
 * Finds the rule's deployable jar, which the {@code rule} module builds.
 *
 * <p>The CDK CLI runs the app from the repository root (cdk.json lives
 * there) while Maven runs this module's tests from {@code infra/}, so the
 * default path is tried from both. An explicit path, from context
 * {@code ruleJar} or the system property {@code rule.jar}, wins; it lets a
 * build test against a jar kept elsewhere.
 */
public final class RuleJar {

    public static final String CONTEXT_KEY = "ruleJar";
    public static final String SYSTEM_PROPERTY = "rule.jar";

    private static final Path IN_REPOSITORY = Path.of("rule", "target", "rule.jar");

    private RuleJar() {
    }

    /**
     * Returns the jar's absolute path.
     *
     * @throws IllegalStateException naming the paths tried, when none exists
     */
    public static Path locate(Node node) {
        List<Path> candidates = candidates(node);

        return candidates.stream()
                .filter(Files::isRegularFile)
                .findFirst()
                .map(Path::toAbsolutePath)
                .map(Path::normalize)
                .orElseThrow(() -> new IllegalStateException("rule jar not found at "
                        + String.join(" or ", candidates.stream().map(RuleJar::shown).toList())
                        + ": run mvn package first (it builds rule/target/rule.jar)"));
    }

    private static List<Path> candidates(Node node) {
        Object fromContext = node.tryGetContext(CONTEXT_KEY);
        if (fromContext != null) {
            return List.of(Path.of(fromContext.toString()));
        }

        String fromProperty = System.getProperty(SYSTEM_PROPERTY);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return List.of(Path.of(fromProperty));
        }

        return List.of(IN_REPOSITORY, Path.of("..").resolve(IN_REPOSITORY));
    }

    private static String shown(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }
}
