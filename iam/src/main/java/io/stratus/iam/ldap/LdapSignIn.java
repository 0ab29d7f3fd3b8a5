package io.stratus.iam.ldap;

import static java.util.Objects.requireNonNull;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.SSLUtil;
import io.stratus.iam.IamError;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.SocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs a directory user in (what AD Connector does): find the user with the service account, bind
 * as the user with the given password, read the user's groups, map groups to roles. Nothing is
 * synchronised or stored; passwords are never logged. Thread-safe (a connection per sign-in).
 */
public final class LdapSignIn {
    private static final Logger log = LoggerFactory.getLogger(LdapSignIn.class);
    private static final int TIMEOUT_MILLIS = 5000;
    private static final int AD_ACCOUNT_DISABLED = 0x2;

    /** A signed-in directory user and the role names its groups map to (in role-map order). */
    public record DirectoryUser(String username, String dn, List<String> groupDns, List<String> roles) {
        public DirectoryUser {
            groupDns = List.copyOf(groupDns);
            roles = List.copyOf(roles);
        }
    }

    private final LdapConfig config;

    public LdapSignIn(LdapConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    /**
     * @throws io.stratus.iam.IamException AccessDenied for a wrong password, unknown or disabled
     *     user, or a user in no mapped group; ServiceUnavailable when the directory cannot be reached
     */
    public DirectoryUser signIn(String username, String password) {
        if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
            // an empty password would be an unauthenticated bind, which directories accept: refuse it here
            throw denied("LDAP username and password are required");
        }
        try (LDAPConnection connection = connect()) {
            if (config.bindDn() != null) {
                connection.bind(config.bindDn(), config.bindPassword() == null ? "" : config.bindPassword());
            }
            String filter = config.userFilter().replace("{username}", Filter.encodeValue(username));
            SearchResult users = connection.search(config.userBase(), SearchScope.SUB, filter,
                    "userAccountControl", "nsAccountLock", "pwdAccountLockedTime");
            if (users.getEntryCount() != 1) {
                log.info("LDAP sign-in for {} refused: {} matching entries", username, users.getEntryCount());
                throw denied("LDAP authentication failed");
            }
            SearchResultEntry user = users.getSearchEntries().get(0);
            if (disabled(user)) {
                log.info("LDAP sign-in for {} refused: account disabled", username);
                throw denied("LDAP account is disabled");
            }
            try (LDAPConnection asUser = connect()) {
                asUser.bind(user.getDN(), password);
            } catch (LDAPException e) {
                if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
                    log.info("LDAP sign-in for {} refused: invalid credentials", username);
                    throw denied("LDAP authentication failed");
                }
                throw e;
            }
            List<String> groups = groups(connection, user.getDN(), username);
            List<String> roles = roles(groups);
            if (roles.isEmpty()) {
                log.info("LDAP sign-in for {} refused: in no mapped group", username);
                throw denied("LDAP user " + username + " is not in any group mapped to a role");
            }
            return new DirectoryUser(username, user.getDN(), groups, roles);
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
                log.warn("LDAP service account bind refused by {}", config.url());
                throw IamError.SERVICE_UNAVAILABLE.exception("The directory refused the service account");
            }
            log.warn("LDAP directory {} failed: {}", config.url(), e.getResultCode());
            throw IamError.SERVICE_UNAVAILABLE.exception("The directory is unavailable: " + e.getResultCode().getName());
        }
    }

    private LDAPConnection connect() throws LDAPException {
        try {
            return open();
        } catch (GeneralSecurityException e) {
            throw new LDAPException(ResultCode.LOCAL_ERROR, "cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private LDAPConnection open() throws LDAPException, GeneralSecurityException {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(TIMEOUT_MILLIS);
        options.setResponseTimeoutMillis(TIMEOUT_MILLIS);
        boolean ldaps = "ldaps".equals(config.url().getScheme());
        int port = config.url().getPort() > 0 ? config.url().getPort() : ldaps ? 636 : 389;
        SocketFactory sockets = ldaps ? sslUtil().createSSLSocketFactory() : null;
        LDAPConnection connection = sockets == null ? new LDAPConnection(options)
                : new LDAPConnection(sockets, options);
        connection.connect(config.url().getHost(), port);
        if (!ldaps && config.startTls()) {
            ExtendedResult result = connection.processExtendedOperation(
                    new StartTLSExtendedRequest(sslUtil().createSSLContext()));
            if (result.getResultCode() != ResultCode.SUCCESS) {
                connection.close();
                throw new LDAPException(result.getResultCode(), "StartTLS failed");
            }
        }
        return connection;
    }

    /** TLS with the JVM's default trust store (set javax.net.ssl.trustStore for a private CA). */
    private static SSLUtil sslUtil() throws LDAPException {
        try {
            javax.net.ssl.TrustManagerFactory factory = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            factory.init((java.security.KeyStore) null);
            return new SSLUtil(factory.getTrustManagers());
        } catch (GeneralSecurityException e) {
            throw new LDAPException(ResultCode.LOCAL_ERROR, "cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private List<String> groups(LDAPConnection connection, String userDn, String username) throws LDAPSearchException {
        String filter = config.groupFilter().replace("{dn}", Filter.encodeValue(userDn))
                .replace("{username}", Filter.encodeValue(username));
        List<String> groups = new ArrayList<>();
        for (SearchResultEntry entry : connection.search(config.groupBase(), SearchScope.SUB, filter, "1.1")
                .getSearchEntries()) {
            groups.add(entry.getDN());
        }
        return groups;
    }

    private List<String> roles(List<String> groups) {
        Set<String> roles = new LinkedHashSet<>();
        for (Map.Entry<String, String> mapping : config.roleMap().entrySet()) {
            for (String group : groups) {
                if (sameDn(mapping.getKey(), group)) {
                    roles.add(mapping.getValue());
                }
            }
        }
        return new ArrayList<>(roles);
    }

    private static boolean sameDn(String a, String b) {
        try {
            return new DN(a).equals(new DN(b));
        } catch (LDAPException e) {
            return a.equalsIgnoreCase(b);
        }
    }

    private static boolean disabled(SearchResultEntry user) {
        Integer control = user.getAttributeValueAsInteger("userAccountControl");
        if (control != null && (control & AD_ACCOUNT_DISABLED) != 0) {
            return true;
        }
        return "true".equalsIgnoreCase(user.getAttributeValue("nsAccountLock"))
                || user.hasAttribute("pwdAccountLockedTime");
    }

    private static io.stratus.iam.IamException denied(String message) {
        return IamError.ACCESS_DENIED.exception(message);
    }
}
