package dev.imdsv2.rule.aws;

import java.util.Set;

/**
 * The error codes EC2 answers {@code DescribeLaunchTemplateVersions} with
 * when what was asked for does not exist, as opposed to when it could not be
 * read. The first fail a group closed; anything else is a gap.
 */
public final class Ec2ErrorCodes {

    /** No template has that id or name (a malformed one cannot exist either). */
    public static final Set<String> TEMPLATE_NOT_FOUND = Set.of(
            "InvalidLaunchTemplateId.NotFound",
            "InvalidLaunchTemplateName.NotFoundException",
            "InvalidLaunchTemplateId.Malformed",
            "InvalidLaunchTemplateName.MalformedException");

    /** The template exists, but one of the versions asked for does not. */
    public static final String VERSION_NOT_FOUND = "InvalidLaunchTemplateId.VersionNotFound";

    private Ec2ErrorCodes() {
    }
}
