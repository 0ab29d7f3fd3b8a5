package io.stratus.s3.xml;

import io.stratus.s3.S3ErrorCode;
import io.stratus.s3.S3Exception;
import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Parses request bodies (CompleteMultipartUpload, Delete, Tagging, CreateBucketConfiguration)
 * with DTDs and external entities switched off, so an XXE or entity-expansion document is
 * rejected as MalformedXML and no file or URL is ever read. Depth and element counts are bounded.
 */
public final class XmlReader {
    private static final int MAX_DEPTH = 16;
    private static final int MAX_ELEMENTS = 100_000;

    private final XMLInputFactory factory;

    public XmlReader() {
        factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    /** Parses the document and checks the root element's local name. */
    public XmlElement parse(byte[] body, String expectedRoot) throws S3Exception {
        if (body.length == 0) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        }
        XMLStreamReader r = null;
        try {
            r = factory.createXMLStreamReader(new ByteArrayInputStream(body));
            XmlElement root = read(r);
            if (!root.name().equals(expectedRoot)) {
                throw new S3Exception(S3ErrorCode.MALFORMED_XML);
            }
            return root;
        } catch (XMLStreamException | RuntimeException e) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing to release beyond the in-memory buffer
                }
            }
        }
    }

    private static XmlElement read(XMLStreamReader r) throws XMLStreamException, S3Exception {
        Deque<Builder> stack = new ArrayDeque<>();
        XmlElement root = null;
        int elements = 0;
        while (r.hasNext()) {
            int event = r.next();
            switch (event) {
                case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.ENTITY_DECLARATION ->
                        throw new S3Exception(S3ErrorCode.MALFORMED_XML);
                case XMLStreamConstants.START_ELEMENT -> {
                    if (root != null || stack.size() >= MAX_DEPTH || ++elements > MAX_ELEMENTS) {
                        throw new S3Exception(S3ErrorCode.MALFORMED_XML);
                    }
                    stack.push(new Builder(r.getLocalName()));
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (!stack.isEmpty()) {
                        stack.peek().text.append(r.getText());
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    XmlElement done = stack.pop().build();
                    if (stack.isEmpty()) {
                        root = done;
                    } else {
                        stack.peek().children.add(done);
                    }
                }
                default -> {
                    // comments, processing instructions, document end: nothing to keep
                }
            }
        }
        if (root == null) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        }
        return root;
    }

    private static final class Builder {
        private final String name;
        private final StringBuilder text = new StringBuilder();
        private final List<XmlElement> children = new ArrayList<>();

        Builder(String name) {
            this.name = name;
        }

        XmlElement build() {
            return new XmlElement(name, text.toString(), children);
        }
    }
}
