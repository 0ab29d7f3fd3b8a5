package io.stratus.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stratus.s3.xml.XmlElement;
import io.stratus.s3.xml.XmlReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestXmlReader {
    private final XmlReader reader = new XmlReader();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void assertMalformed(String xml, String root) {
        assertThatThrownBy(() -> reader.parse(utf8(xml), root)).isInstanceOfSatisfying(S3Exception.class,
                e -> assertThat(e.code()).isEqualTo("MalformedXML"));
    }

    @Test
    void parsesADeleteDocument() throws Exception {
        XmlElement d = reader.parse(utf8("<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>true</Quiet>"
                + "<Object><Key>a &amp; b</Key></Object><Object><Key>c</Key></Object></Delete>"), "Delete");
        assertThat(d.childText("Quiet")).isEqualTo("true");
        assertThat(d.children("Object")).extracting(o -> o.child("Key").text()).containsExactly("a & b", "c");
    }

    @Test
    void externalEntitiesAreNeverResolved(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        assertMalformed("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<Delete><Object><Key>&x;</Key></Object></Delete>", "Delete");
    }

    @Test
    void entityExpansionBombIsRejected() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        assertMalformed("<?xml version=\"1.0\"?>" + dtd + "<Delete><Object><Key>&lol9;</Key></Object></Delete>", "Delete");
    }

    @Test
    void malformedDeepAndWrongRootAreRejected() {
        assertMalformed("<Delete><Object>", "Delete");
        assertMalformed("", "Delete");
        assertMalformed("<Other/>", "Delete");
        assertMalformed("<a>".repeat(100) + "</a>".repeat(100), "a");
        assertMalformed("not xml at all", "Delete");
    }
}
