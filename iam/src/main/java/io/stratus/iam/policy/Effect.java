package io.stratus.iam.policy;

public enum Effect {
    ALLOW,
    DENY
}
