// Next 16's proxy (formerly middleware): a cheap gate before any portal page renders. It only checks that a
// session cookie is present; whether the session is valid is the API's call, made when the page loads its data.
import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE } from "./lib/session-cookie";

export function proxy(request: NextRequest) {
  if (request.cookies.has(SESSION_COOKIE)) return NextResponse.next();
  const login = new URL("/login", request.url);
  const { pathname, search } = request.nextUrl;
  if (pathname !== "/") login.searchParams.set("next", pathname + search);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ["/", "/infrastructure/:path*", "/log/:path*", "/data/:path*", "/analysis/:path*", "/business/:path*", "/policy/:path*", "/patient/:path*"],
};
