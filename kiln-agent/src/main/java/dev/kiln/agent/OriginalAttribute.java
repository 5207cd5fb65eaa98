package dev.kiln.agent;

import java.lang.classfile.AttributeMapper;
import java.lang.classfile.AttributedElement;
import java.lang.classfile.BufWriter;
import java.lang.classfile.ClassReader;
import java.lang.classfile.CustomAttribute;

/** The class file as it was before rewriting, kept so the cache key is computed from the original code. */
final class OriginalAttribute extends CustomAttribute<OriginalAttribute> {
    static final AttributeMapper<OriginalAttribute> MAPPER = new AttributeMapper<>() {
        @Override
        public String name() {
            return KernelRewriter.ORIGINAL_ATTRIBUTE;
        }

        @Override
        public OriginalAttribute readAttribute(AttributedElement enclosing, ClassReader cf, int pos) {
            int length = cf.readInt(pos - 4);
            return new OriginalAttribute(cf.readBytes(pos, length));
        }

        @Override
        public void writeAttribute(BufWriter buf, OriginalAttribute attr) {
            buf.writeIndex(buf.constantPool().utf8Entry(name()));
            buf.writeInt(attr.bytes.length);
            buf.writeBytes(attr.bytes);
        }

        @Override
        public AttributeStability stability() {
            return AttributeStability.STATELESS;
        }
    };

    private final byte[] bytes;

    OriginalAttribute(byte[] bytes) {
        super(MAPPER);
        this.bytes = bytes.clone();
    }

    byte[] bytes() {
        return bytes.clone();
    }
}
