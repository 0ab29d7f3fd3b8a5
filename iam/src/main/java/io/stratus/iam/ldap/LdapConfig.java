package io.stratus.iam.ldap;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Directory sign-in settings, from the environment ({@code STRATUS_LDAP_*}).
 *
 * @param url {@code ldap://host:389} or {@code ldaps://host:636}
 * @param startTls upgrade an ldap:// connection with StartTLS ({@code STRATUS_LDAP_STARTTLS=true})
 * @param userFilter e.g. {@code (uid={username})}; {@code {username}} is replaced, filter-escaped
 * @param groupFilter e.g. {@code (member={dn})}; {@code {dn}} and {@code {username}} are replaced
 * @param roleMap group DN to role name ({@code STRATUS_LDAP_ROLE_MAP}: {@code groupDN=RoleName;...})
 */
public record LdapConfig(
        URI url,
        boolean startTls,
        String bindDn,
        String bindPassword,
        String userBase,
        String userFilter,
        String groupBase,
        String groupFilter,
        Map<String, String> roleMap) {
    public LdapConfig {
        requireNonNull(url, "url is null");
        if (!"ldap".equals(url.getScheme()) && !"ldaps".equals(url.getScheme())) {
            throw new IllegalArgumentException("STRATUS_LDAP_URL must be ldap:// or ldaps://: " + url);
        }
        requireNonNull(userBase, "userBase is null");
        userFilter = userFilter == null ? "(uid={username})" : userFilter;
        groupFilter = groupFilter == null ? "(member={dn})" : groupFilter;
        roleMap = Map.copyOf(requireNonNull(roleMap, "roleMap is null"));
    }

    /** The settings when {@code STRATUS_LDAP_URL} is set; empty when directory sign-in is off. */
    public static Optional<LdapConfig> fromEnvironment(Map<String, String> env) {
        String url = env.get("STRATUS_LDAP_URL");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        String userBase = env.get("STRATUS_LDAP_USER_BASE");
        if (userBase == null) {
            throw new IllegalArgumentException("STRATUS_LDAP_USER_BASE is required with STRATUS_LDAP_URL");
        }
        return Optional.of(new LdapConfig(URI.create(url.trim()),
                Boolean.parseBoolean(env.getOrDefault("STRATUS_LDAP_STARTTLS", "false")),
                env.get("STRATUS_LDAP_BIND_DN"), env.get("STRATUS_LDAP_BIND_PASSWORD"), userBase,
                env.get("STRATUS_LDAP_USER_FILTER"), env.getOrDefault("STRATUS_LDAP_GROUP_BASE", userBase),
                env.get("STRATUS_LDAP_GROUP_FILTER"), parseRoleMap(env.getOrDefault("STRATUS_LDAP_ROLE_MAP", ""))));
    }

    /** {@code cn=admins,ou=groups,dc=x=Admin;cn=dev,ou=groups,dc=x=Dev}: the last '=' splits DN from role. */
    static Map<String, String> parseRoleMap(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : text.split(";")) {
            String trimmed = pair.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.lastIndexOf('=');
            if (eq <= 0 || eq == trimmed.length() - 1) {
                throw new IllegalArgumentException("STRATUS_LDAP_ROLE_MAP entry must be groupDN=RoleName: " + trimmed);
            }
            map.put(trimmed.substring(0, eq).trim(), trimmed.substring(eq + 1).trim());
        }
        return map;
    }

    /** Never prints the bind password. */
    @Override
    public String toString() {
        return "LdapConfig[url=" + url + ", startTls=" + startTls + ", bindDn=" + bindDn + ", bindPassword="
                + (bindPassword == null ? "null" : "****") + ", userBase=" + userBase + ", userFilter=" + userFilter
                + ", groupBase=" + groupBase + ", groupFilter=" + groupFilter + ", roleMap=" + roleMap + "]";
    }
}
