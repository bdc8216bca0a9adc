package dev.imdsv2.rule.evidence;

import java.util.List;

/**
 * A control of a compliance framework that this rule's finding supports.
 * Auditors test controls, not rules: the summary names the controls so that
 * the evidence can be filed under them. The list is the project's mapping
 * (issue #6), led by Security Hub's own control for this finding.
 */
public record Control(String framework, String id, String title) {

    /** The controls the IMDSv2 finding maps to, framework by framework. */
    public static final List<Control> MAPPED = List.of(
            new Control("AWS Foundational Security Best Practices", "AutoScaling.3",
                    "Auto Scaling group launch configurations should configure EC2 instances to require"
                    + " Instance Metadata Service Version 2 (IMDSv2)"),
            new Control("NIST SP 800-53 Rev. 5", "AC-3", "Access Enforcement"),
            new Control("NIST SP 800-53 Rev. 5", "AC-6", "Least Privilege"),
            new Control("NIST SP 800-53 Rev. 5", "CM-2", "Baseline Configuration"),
            new Control("NIST SP 800-53 Rev. 5", "SI-7(12)", "Software, Firmware, and Information Integrity:"
                    + " Integrity Verification"),
            new Control("NIST SP 800-53 Rev. 5", "CA-9(1)", "Internal System Connections: Compliance Checks"),
            new Control("PCI DSS v4.0.1", "2.2.6", "System security parameters are configured to prevent misuse"),
            new Control("NIST CSF 2.0", "PR.AA-05", "Access permissions, entitlements and authorizations are"
                    + " defined, managed, enforced and reviewed, with least privilege"),
            new Control("NIST CSF 2.0", "PR.DS-10", "The confidentiality, integrity and availability of data in use"
                    + " are protected"),
            new Control("NIST CSF 2.0", "PR.IR-01", "Networks and environments are protected from unauthorized"
                    + " logical access and usage"),
            new Control("FedRAMP Rev. 5", "AC-3", "Access Enforcement"),
            new Control("FedRAMP Rev. 5", "AC-6", "Least Privilege"),
            new Control("FedRAMP Rev. 5", "CM-2", "Baseline Configuration"));
}
