import EInvoiceReports
import EInvoiceStore
import Foundation
import Hummingbird

extension Workspace {
    /// Login, logout, the language switch and the style sheet: reachable without a session.
    func addLogin(to router: Router<WebContext>) {
        router.get("static/workspace.css") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: Self.styleSheet))
            )
        }
        router.get("language") { request, _ -> Response in
            let language = request.uri.queryParameters.get("to").flatMap(ReportLanguage.init(rawValue:)) ?? .german
            var response = Response.redirect(
                to: Self.localTarget(request.uri.queryParameters.get("back")),
                type: .found
            )
            response.setCookie(self.cookie(CookieName.language, language.rawValue, maxAge: 365 * 24 * 3600))
            return response
        }
        router.get("login") { request, context -> Response in
            self.loginPage(request, context: context, failure: nil, status: .ok)
        }
        router.post("login") { request, context -> Response in
            var request = request
            let form = FormData(String(buffer: try await request.collectBody(upTo: 64 * 1024)))
            guard let sent = form["csrf"], let expected = request.cookies[CookieName.loginCSRF]?.value,
                !expected.isEmpty, ConstantTime.equal(sent, expected)
            else {
                throw HTTPError(.forbidden, message: "the form has expired; reload the login page\n")
            }
            let name = form["name"] ?? ""
            let password = form["password"] ?? ""
            let now = Date()
            if let seconds = await self.throttle.wait(for: name, at: now) {
                var response = self.loginPage(
                    request,
                    context: context,
                    failure: (
                        "Zu viele Fehlversuche. Bitte in \(seconds) Sekunden erneut versuchen.",
                        "Too many failed attempts. Please try again in \(seconds) seconds."
                    ),
                    status: .tooManyRequests
                )
                response.headers[.retryAfter] = String(seconds)
                return response
            }
            let user = try await self.store.user(named: name)
            // The hash is computed for unknown names too, so that timing does not tell which names exist.
            let hash = user?.passwordHash ?? Self.dummyHash
            let matches = PasswordHash.verify(password, against: hash)
            guard let user, matches, user.role == .clerk || user.role == .admin else {
                await self.throttle.failed(name, at: now)
                return self.loginPage(
                    request,
                    context: context,
                    failure: ("Name oder Passwort ist falsch.", "Wrong name or password."),
                    status: .unauthorized
                )
            }
            await self.throttle.succeeded(name)
            let token = SecureRandom.token()
            try await self.store.addSession(
                Session(
                    tokenHash: TokenHash.of(token),
                    userID: user.id,
                    csrfToken: SecureRandom.token(),
                    createdAt: now,
                    expiresAt: now.addingTimeInterval(Double(self.configuration.sessionLifetime.components.seconds))
                )
            )
            var response = Response.redirect(to: Self.localTarget(form["next"]), type: .normal)
            response.setCookie(
                self.cookie(
                    CookieName.session,
                    token,
                    maxAge: Int(self.configuration.sessionLifetime.components.seconds)
                )
            )
            response.setCookie(self.cookie(CookieName.loginCSRF, "", maxAge: 0))
            return response
        }
    }

    /// A hash to verify against when the name is unknown (made once, with the standard cost).
    static let dummyHash: String = (try? PasswordHash.make(SecureRandom.token())) ?? ""

    /// Only a path on this server (`/…`, not `//host`), else the overview: no open redirect.
    static func localTarget(_ target: String?) -> String {
        guard let target, target.hasPrefix("/"), !target.hasPrefix("//"), !target.contains("\\"),
            !target.utf8.contains(where: { $0 < 0x20 })
        else { return "/" }
        return target
    }

    func cookie(_ name: String, _ value: String, maxAge: Int) -> Cookie {
        Cookie(
            name: name,
            value: value,
            maxAge: maxAge,
            path: "/",
            secure: configuration.secureCookies,
            httpOnly: true,
            sameSite: name == CookieName.session ? .strict : .lax
        )
    }

    func loginPage(
        _ request: Request,
        context: WebContext,
        failure: (String, String)?,
        status: HTTPResponse.Status
    ) -> Response {
        let language = language(request)
        var page = Page(language: language)
        let csrf = SecureRandom.token()
        page.begin(title: page.t("Anmelden", "Log in"), path: "/login", context: WebContext.anonymous(context))
        if let failure {
            page.raw("<p class=\"error\" role=\"alert\">")
            page.say(failure.0, failure.1)
            page.raw("</p>")
        }
        page.raw("<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"csrf\" value=\"")
        page.text(csrf)
        page.raw("\"><input type=\"hidden\" name=\"next\" value=\"")
        page.text(Self.localTarget(request.uri.queryParameters.get("next")))
        page.raw("\"><p><label for=\"name\">")
        page.say("Benutzername", "User name")
        page.raw("</label><input id=\"name\" name=\"name\" autocomplete=\"username\" required autofocus></p>")
        page.raw("<p><label for=\"password\">")
        page.say("Passwort", "Password")
        page.raw(
            "</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" "
        )
        page.raw("required></p><p><button type=\"submit\">")
        page.say("Anmelden", "Log in")
        page.raw("</button></p></form>")
        page.end()
        var response = page.response(status: status)
        response.setCookie(cookie(CookieName.loginCSRF, csrf, maxAge: 3600))
        return response
    }
}

extension WebContext {
    /// The same request without a user (the login page shows no navigation).
    static func anonymous(_ context: WebContext) -> WebContext {
        var context = context
        context.user = nil
        context.session = nil
        return context
    }
}
