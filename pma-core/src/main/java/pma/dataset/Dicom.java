package pma.dataset;

import ij.ImagePlus;
import ij.plugin.DICOM;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import pma.BadInputException;

/**
 * Single-frame DICOM images, decoded to grey with ImageJ's DICOM reader.
 *
 * <p>The pixel values are rescaled to 0–255 over the image's display window (the DICOM window
 * centre and width when present, else its minimum and maximum). Compressed transfer syntaxes that
 * ImageJ cannot read, and multi-frame files (cine loops), are refused with a message that says how
 * to convert them.
 */
final class Dicom {
    private static final byte[] MAGIC = {'D', 'I', 'C', 'M'};

    private Dicom() {}

    /** A DICOM Part 10 file: 128-byte preamble, then "DICM". */
    static boolean is(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(132);
            return head.length == 132 && Arrays.equals(Arrays.copyOfRange(head, 128, 132), MAGIC);
        } catch (IOException e) {
            return false; // the image decoder reports unreadable files
        }
    }

    static BufferedImage read(Path file, String name) {
        DICOM dicom = new DICOM();
        dicom.open(file.toAbsolutePath().toString());
        if (dicom.getWidth() == 0 || dicom.getProcessor() == null) {
            throw new BadInputException(name + ": cannot decode DICOM image (damaged, or a compressed transfer syntax;"
                    + " convert it to PNG, for example with dcmtk's dcmj2pnm)");
        }
        if (dicom.getStackSize() > 1) {
            throw new BadInputException(name + ": DICOM image has " + dicom.getStackSize()
                    + " frames; pma reads single-frame images only (export the frame you want as PNG)");
        }
        int w = dicom.getWidth(), h = dicom.getHeight();
        if (w > Preprocessor.MAX_SIDE || h > Preprocessor.MAX_SIDE || w < Preprocessor.MIN_SIDE || h < Preprocessor.MIN_SIDE) {
            throw new BadInputException(name + ": image is " + w + "x" + h + " pixels; pma accepts " + Preprocessor.MIN_SIDE
                    + " to " + Preprocessor.MAX_SIDE + " per side");
        }
        ImagePlus grey = new ImagePlus(name, dicom.getProcessor().convertToByte(true)); // scales the display window to 0-255
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = (byte[]) grey.getProcessor().getPixels();
        out.getRaster().setDataElements(0, 0, w, h, pixels);
        return out;
    }
}
