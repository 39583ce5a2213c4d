## Tonle: English interface text. Every key here must also exist in km/main.ftl.

app-name = Tonle
skip-to-content = Skip to content
language = Language
nav-label = Main menu
nav-home = Home
nav-places = Places
nav-projects = Projects
nav-organisations = Organisations
nav-users = Users
sign-in = Sign in
sign-out = Sign out
sign-in-title = Sign in to Tonle
sign-in-intro = Case management, prevention and reporting for counter-trafficking organisations.
sign-in-failed = The user name or password is not right. Check them and try again.
field-username = User name
field-password = Password
footer-note = Tonle keeps survivors' information inside the organisation that serves them.
back-home = Back to the home page
add = Add
search = Search

## Errors shown as a page
error-title-not-found = Page not found
error-title-forbidden = Not allowed
error-title-internal = Something went wrong
error-title-bad-request = This request cannot be used
error-method = This address cannot be used that way. Go back and use the buttons on the page.
error-too-large = What was sent is too large.
error-bad-request = What was sent is incomplete or damaged. Go back, reload the page and try again.
error-not-found = There is nothing at this address, or it is not shared with you.
error-forbidden = Your role does not allow this. Ask your organisation's administrator if you need it.
error-bad-csrf = This form has expired or came from another site. Go back, reload the page and send it again.
error-internal = Tonle could not finish this request. Nothing you typed was saved. Try again; if it happens again, give your administrator this reference.
error-request-id = Reference: { $id }

## Home
home-title = Home
home-greeting = Welcome, { $name }
home-counts = What exists so far
home-your-roles = Your roles
home-intro-network-admin = You run the network: its member organisations, their administrators and the shared reference data.
home-intro-org-admin = You run your organisation: its users, their roles and its projects.
home-intro-case-manager = You supervise case work and approve the closing of cases.
home-intro-case-worker = You follow the survivors assigned to you, from intake to follow-up.
home-intro-shelter-staff = You look after residents of your organisation's shelters.
home-intro-legal-officer = You follow legal cases from complaint to verdict.
home-intro-me-officer = You count what the programmes do and report it to donors.
home-intro-field-officer = You record prevention work in villages: sessions, trainings and groups.
home-intro-donor-viewer = You see totals and indicators, never a person.
home-intro-none = Your account has no role yet. Ask an administrator to give you one.
count-organisations = organisations
count-users = users
count-projects = projects
count-villages = villages in the gazetteer

## Places
places-title = Places
places-intro = Cambodia's provinces, districts, communes and villages, from the national gazetteer.
place-search-title = Find a place by name
place-search-label = Name in Khmer or Latin letters
place-search-hint = For example: Battambang, បាត់ដំបង, Ou Thum
place-no-results = No place has that name. Try another spelling or fewer letters.
place-browse-title = Choose level by level
place-show = Show
place-next-level = Show the next level
place-picker-legend = Place
place-choose = — choose —
place-level = Level
place-name-km = Name in Khmer
place-name-latin = Name in Latin letters
place-code = Code
place-path = Lies in
place-province = Province or capital
place-district = District, khan or town
place-commune = Commune or sangkat
place-village = Village

## Organisations
organisations-title = Organisations
organisations-add = Add an organisation to the network
organisations-added = The organisation was added.
field-name = Name
field-name-km = Name in Khmer
field-kind = Kind
field-network = Network
kind-network = Network
kind-organisation = Organisation
field-based-in = Based in
organisations-place-hint = Where the organisation is based: choose as far down as you know (a province is enough).

## Projects
projects-title = Projects
projects-none = No projects yet.
projects-add = Add a project
projects-added = The project was added.
field-project = Project
field-organisation = Organisation
field-donor = Donor
field-period = Period
field-budget = Budget
field-start-date = Start date
field-end-date = End date
field-currency = Currency

## Users
users-title = Users
users-add = Add a user
users-added = The user was added.
users-changed = The change was saved.
users-password-once = Give this password to the new user; it is shown only once:
users-password-hint = Leave the password empty to have Tonle make a strong one.
users-enable = Enable
users-disable = Disable
users-status-active = Active
users-status-disabled = Disabled
field-display-name = Name
field-display-name-km = Name in Khmer
field-roles = Roles
field-status = Status
field-actions = Actions
field-role = Role

## Own account
account-title = My account
account-change-password = Change my password
account-current-password = Current password
account-new-password = New password
account-confirm-password = Confirm the new password
account-password-hint = At least 10 characters. A few unrelated words are easy to remember and hard to guess. Changing it signs you out of every other browser.
account-password-changed = Your password was changed. Other browsers were signed out.
account-current-wrong = This is not your current password.
account-confirm-differs = The two new passwords are not the same.
account-sign-out-everywhere = Sign out on every device
account-sign-out-everywhere-hint = Ends every session of your account, on this and every other computer or phone. Use it if you signed in on a shared or lost device.

## Roles
role-network-admin = Network administrator
role-org-admin = Organisation administrator
role-case-manager = Case manager
role-case-worker = Case worker
role-shelter-staff = Shelter staff
role-legal-officer = Legal officer
role-me-officer = M&E officer
role-field-officer = Field officer
role-donor-viewer = Donor (totals only)

## Form errors
error-required = This is required.
error-too-long = This is too long.
error-control-characters = This contains characters that cannot be typed; remove them.
error-money = Write an amount such as 1,250.50.
error-money-precision = This currency has fewer decimal places; remove the extra digits.
error-currency = Choose KHR or USD.
error-negative = The amount cannot be negative.
error-period-order = The end date is before the start date.
error-date = Write a date as year-month-day, for example 2026-11-23.
error-place-code = This is not a place code from the gazetteer.
error-place-unknown = This place is not in the gazetteer; choose it from the lists.
error-username = Use 3 to 64 small Latin letters, digits, dots, dashes or underscores, starting with a letter.
error-password-short = The password needs at least 10 characters.
error-password-common = This password is one of the most common ones, which are tried first. Choose another: a few unrelated words work well.
error-password-has-username = The password may not contain the user name.
error-password-repeated = The password may not be one character repeated.
error-org-name-taken = Another organisation already has this name.
error-parent-not-network = Organisations can only be added to a network.
error-username-taken = Another user already has this user name.
error-membership-exists = This user already has a role in this organisation.
error-role = Choose one of the roles in the list.
error-role-needs-network = Only a network can have a network administrator.

## Sign-in hardening: throttling, two-factor sign-in, reset links
sign-in-throttled = Too many attempts. Wait { $minutes } min, then try again.
sign-in-code-title = Enter your sign-in code
sign-in-code-intro = Your account asks for a second step. Open your authenticator app and type the 6-digit code it shows for Tonle.
sign-in-code-label = Code
sign-in-code-hint = No phone with you? Type one of your recovery codes instead. Each works once.
sign-in-code-wrong = This code is not right or was already used. Type the newest code from your app.
sign-in-code-start-over = Start again with your password
two-factor-title = Two-factor sign-in
two-factor-setup = Set up two-factor sign-in
two-factor-step-app = Install an authenticator app on your phone (for example FreeOTP, Aegis or Google Authenticator).
two-factor-step-scan = In the app, add an account and scan this code.
two-factor-qr-alt = QR code to scan with your authenticator app
two-factor-type-secret = Cannot scan? Type this key into the app:
two-factor-step-confirm = Type the 6-digit code the app now shows
two-factor-turn-on = Turn on two-factor sign-in
two-factor-code-wrong = This code is not right. Check the phone's clock and type the newest code.
two-factor-turned-on = Two-factor sign-in is on. From now on you sign in with your password and a code from your app.
two-factor-recovery-title = Your recovery codes
two-factor-recovery-hint = If you lose your phone, each of these codes lets you sign in once. Write them down or print this page now and keep them somewhere safe: they are not shown again.
two-factor-continue = I have kept my recovery codes
two-factor-is-on = Two-factor sign-in is on for your account.
two-factor-codes-left = Recovery codes left: { $count }
two-factor-disable = Turn off two-factor sign-in
two-factor-disable-hint = Type your password to turn it off. Your recovery codes will stop working.
two-factor-required-notice = Your organisation requires two-factor sign-in. Set it up to continue.
two-factor-already-on = Two-factor sign-in is already on.
two-factor-column = Two-factor sign-in
two-factor-required = Required
two-factor-optional = Optional
two-factor-require = Require it
two-factor-stop-requiring = Stop requiring it
account-two-factor = Two-factor sign-in
account-two-factor-hint = A code from an app on your phone, on top of your password, keeps others out even if they learn your password.
account-two-factor-manage = Set up or manage two-factor sign-in
account-two-factor-off = Two-factor sign-in was turned off.
reset-make-link = Reset link
reset-link-title = Password reset link
reset-link-for = A one-time link for { $username } to set a new password:
reset-link-hint = Give it to them in person or by a channel you trust. It works once, for 24 hours, and is not shown again. Making another link cancels this one.
reset-back-to-users = Back to users
reset-title = Set a new password
reset-intro = Choose a new password for { $username }. You will then sign in with it, and every other session of this account ends.
reset-submit = Set the new password
reset-done = Your new password is set. Sign in with it.
reset-link-dead = This link does not work any more: it was used, has expired or was replaced. Ask your administrator for a new one.
