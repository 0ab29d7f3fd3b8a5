package io.stratus.s3.xml;

import java.util.ArrayList;
import java.util.List;

/** A parsed request element: name (local part), text and children. Request documents are small and bounded. */
public record XmlElement(String name, String text, List<XmlElement> children) {
    public XmlElement {
        children = List.copyOf(children);
    }

    /** First child with the name, or null. */
    public XmlElement child(String childName) {
        for (XmlElement c : children) {
            if (c.name.equals(childName)) {
                return c;
            }
        }
        return null;
    }

    public List<XmlElement> children(String childName) {
        List<XmlElement> result = new ArrayList<>();
        for (XmlElement c : children) {
            if (c.name.equals(childName)) {
                result.add(c);
            }
        }
        return result;
    }

    /** Trimmed text of the named child, or null. */
    public String childText(String childName) {
        XmlElement c = child(childName);
        return c == null ? null : c.text.trim();
    }
}
