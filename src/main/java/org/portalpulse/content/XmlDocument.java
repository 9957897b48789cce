package org.portalpulse.content;

import io.vertx.core.buffer.Buffer;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A UTF-8 XML document written with the JDK's StAX writer, which escapes {@code <}, {@code >}, {@code &}
 * in text and {@code "} in attributes. What it does not do is left out here: characters XML 1.0 cannot
 * hold at all (control characters, which an imported title may carry) would make a document no
 * reader parses, so they are dropped.
 */
final class XmlDocument {
  interface Body {
    void writeTo(XmlDocument xml) throws XMLStreamException;
  }

  private final XMLStreamWriter writer;

  private XmlDocument(XMLStreamWriter writer) {
    this.writer = writer;
  }

  // The JDK's own factory, whatever else the class path offers (its escaping is what this class relies on);
  // with its default settings it may be shared by every thread.
  private static final XMLOutputFactory FACTORY = XMLOutputFactory.newDefaultFactory();

  static Buffer render(Body body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16_384);
    try {
      XMLStreamWriter writer = FACTORY.createXMLStreamWriter(bytes, StandardCharsets.UTF_8.name());
      writer.writeStartDocument(StandardCharsets.UTF_8.name(), "1.0");
      body.writeTo(new XmlDocument(writer));
      writer.writeEndDocument();
      writer.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("Could not write an XML document: " + e.getMessage(), e);
    }
    return Buffer.buffer(bytes.toByteArray());
  }

  XMLStreamWriter writer() {
    return writer;
  }

  /** {@code <name>text</name>}. */
  void element(String name, String text) throws XMLStreamException {
    writer.writeStartElement(name);
    writer.writeCharacters(xmlChars(text));
    writer.writeEndElement();
  }

  void attribute(String name, String value) throws XMLStreamException {
    writer.writeAttribute(name, xmlChars(value));
  }

  /** The text without the characters XML 1.0 forbids (§2.2); a valid surrogate pair is one character and stays. */
  static String xmlChars(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder kept = null;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      int width = Character.charCount(c);
      boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
          || (c >= 0x10000 && c <= 0x10FFFF);
      if (!allowed && kept == null) {
        kept = new StringBuilder(text.length()).append(text, 0, i);
      } else if (allowed && kept != null) {
        kept.appendCodePoint(c);
      }
      i += width;
    }
    return kept == null ? text : kept.toString();
  }
}
