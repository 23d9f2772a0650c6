import { enhance } from './forms';

// The office pages need nothing beyond the shared enhancements: the returns page's barcode field
// has the focus from the HTML itself (autofocus), ready for the next scan after every answer.
enhance();
