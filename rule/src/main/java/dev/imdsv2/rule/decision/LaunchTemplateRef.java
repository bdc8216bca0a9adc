package dev.imdsv2.rule.decision;

/**
 * A group's reference to a launch template: by id or, failing that, by name,
 * and the version it launches from. Either id or name may be absent, not both.
 */
public record LaunchTemplateRef(String id, String name, VersionSpec version) {

    public LaunchTemplateRef {
        id = blankToNull(id);
        name = blankToNull(name);
        if (id == null && name == null) {
            throw new IllegalArgumentException(
                    "a launch template reference needs launchTemplateId or launchTemplateName; got neither");
        }
        if (version == null) {
            version = VersionSpec.DEFAULT;
        }
    }

    /** The same template, judged at another version. */
    public LaunchTemplateRef withVersion(VersionSpec other) {
        return new LaunchTemplateRef(id, name, other);
    }

    /** True when both references name the same template, by id or by name. */
    public boolean sameTemplateAs(String templateId, String templateName) {
        if (id != null && templateId != null) {
            return id.equals(templateId);
        }
        return name != null && name.equals(templateName);
    }

    /** How a person recognises the template: its id, and its name in brackets when known. */
    public String label() {
        if (id == null) {
            return name;
        }
        return name == null ? id : id + " (" + name + ")";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
