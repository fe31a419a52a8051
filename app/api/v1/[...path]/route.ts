import { unknownPath } from "@/lib/api/methods";

// Unknown /api/v1 paths answer in the API's own JSON envelope rather than Next's HTML 404. No
// key is needed to learn that a path does not exist: nothing here reads organization data.
export { unknownPath as DELETE, unknownPath as GET, unknownPath as PATCH, unknownPath as POST, unknownPath as PUT };
