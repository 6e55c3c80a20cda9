"""PDF documents made from the HTML and CSS templates in templates/documents/ (WeasyPrint):
badges, attendance certificates and invitation letters, with the check-in QR code.

- render.py: templates to PDF, with the vendored fonts and no fetching from the network;
- qr.py: the check-in code as a QR image (SVG for pages and PDFs, PNG for emails);
- badges.py, certificates.py, letters.py: what each document shows.

Import from the modules themselves: emails need the QR code without loading the PDF engine.
"""
