"""English templates (append only: ids are list positions; see `templates`).

Slots are listed in `slots.SLOTS`; `{date}` is an adverbial phrase ("on March 12").
Some templates hold no personal data at all, on purpose: they measure false positives.
"""

from __future__ import annotations

POSTS: tuple[str, ...] = (
    "I'm happy to share that I'm starting a new position as {job} at {company}! 🎉 After "
    "{duration} at {company2}, it was time for a new challenge. Huge thanks to {m1} and {m2} "
    "for believing in me.",
    "After {duration} at {company}, today is my last day. I'm grateful to my manager {m1}, who "
    "taught me more than any course at {school}. If you want to stay in touch, my personal "
    "email is {email}.",
    "We're hiring! {company} is looking for our next {job} in {city}. Apply here: {company_url} or DM "
    "me. You can also reach our recruiter {person} at {other_email}.",
    "Proud to announce that our team just crossed {count} customers. None of this would have "
    "happened without {m1}. Read the full story on our blog: {blog_url} {hashtag}",
    "Had a great time speaking at {event} {date}. Slides are on my profile: {url}. Thanks {m1} "
    "for the invite!",
    "{count} applications in {duration} for one {job} role. If you applied: we read every "
    "single one. {hashtag} {hashtag2}",
    "Looking for a new opportunity as {job}. I have {duration} of experience with {tech} and "
    "{tech2}. Contact me at {email} or {phone}. {hashtag}",
    "Congratulations to {m1} on the promotion to {job}! Well deserved after {duration} of hard "
    "work.",
    "Lesson learned after {duration} in sales: listen more than you talk. {percent} of my best "
    "deals came from referrals. What's your top tip? {hashtag}",
    "Someone just tried to phish me pretending to be {company}. They asked me to confirm my card "
    "{card} and my IBAN {iban}. Please don't fall for it: {company} will never ask for this by "
    "email.",
    "Our server logs show repeated login attempts from {ip}. If this is you, {pfirst}, please "
    "rotate your keys {date}.",
    "Thrilled to welcome {m1} to the {company} family as our new {job}! {m1} joins us from "
    "{company2}, where they spent {duration} building {tech} pipelines.",
    "Just published a post about migrating {count} services to {tech}: {blog_url}. Feedback "
    "welcome, especially from {m1} who lived through it with me.",
    "Our meetup is back {date} in {city}! {count} seats available. Register: {company_page}",
    "I'm {name}, {job} based in {city}. For {duration} I've helped startups scale their data "
    "teams. Let's connect: {url}",
    "Shoutout to {person} from {company} support, who fixed my issue in {duration}. Customer "
    "service matters!",
    "Big news: {company} raised {price} to expand to {country}. So proud of {m1}, {m2} and {m3} "
    "who made it happen. We're hiring across the board: {company_url}",
    "If you need help with {tech}, call me at {phone}. First consultation is free, then {price} "
    "per hour.",
    "Reflecting on {duration} in the role of {job}. The best investment I made was mentoring. Thank you "
    "{m1} for being the best mentee one could hope for.",
    "My article on remote work got {count} views. Thanks for reading! Full version: {blog_url}",
    "{percent} growth in {year} compared to {year2}. Not bad for a team of {count}. Next stop: "
    "{country}!",
    "Lost my wallet near {city} station {date}. If anyone found it, please contact me at {phone} "
    "or {email}. It has all my cards and my ID.",
    "Freelance {job} available {date}. {duration} of experience, clients in {country} and "
    "beyond. Portfolio: {company_url} or ping me @{handle}.",
    "Celebrating {duration} at {company} today and still learning every day. Thanks to everyone "
    "who made it special, especially {m1}.",
    "Who is the best {job} you know in {city}? My friend {person} is looking for one. DM me or "
    "email {other_email}.",
    "Just completed the {tech} certification! It took me {duration} of evenings and weekends. "
    "Next goal: {tech2}. {hashtag}",
    "Our team in {city} is hosting an open house {date}. Come meet {m1} and the rest of the "
    "crew. RSVP via {company_page}",
    "I'm stepping down as {job} of {company} after {duration}. I leave it in the capable hands "
    "of {person}, who will take over {date}. You can still reach me at {email}.",
    "Question for fellow freelancers: my client says they paid to {iban} but the bank says the "
    "account doesn't exist. Anyone seen this before?",
    "Mentorship program update: {count} mentees matched this quarter. Special thanks to {m1} and "
    "{person} for leading the {city} chapter. Details: {blog_url}",
    "Thank you {m1} for the recommendation! Working with you at {company} for {duration} was a "
    "privilege.",
    "Three things I learned at {event}: 1) {tech} is everywhere, 2) talent is the bottleneck, "
    "3) coffee lines are long. See you next year! {hashtag}",
    "Moving to {city} next month! Any tips from my network? You can text me at {phone}. 🙏",
    "Housewarming at my place this Saturday: {address}. Bring snacks! 🎉 Text {phone} if you get "
    "lost.",
    "Throwback to {year}, when {person} and I started {company} in a garage in {city}. "
    "{duration} later, we are {count} people.",
    "Please welcome {person} as our new {job}! She spent {duration} at {company} and brings deep "
    "{tech} expertise.",
    "Job scam alert: someone is impersonating our recruiter {person} using {other_email}. Our "
    "only website is {company_url}. Report fake profiles to {company_page}.",
    "The {company} annual report is out: revenue up {percent}, {count} new hires, and a new "
    "office in {city}. Read it here: {blog_url}",
    "I was featured in the {company} newsletter this week! Thanks {m1} for the interview. Link: "
    "{lnkd}",
    "Our product launches {date}. Price starts at {price}. Pre-order at {company_url} {hashtag} "
    "{hashtag2}",
    "Grateful for {duration} of friendship and collaboration with {m1}. Today we celebrate the "
    "retirement of {m1} after a career at {company} and {company2}.",
    "Hi network! I'm looking for my next {job} role in {city} or remote. {duration} of experience. CV "
    "on request: {email} | {phone} | {url}",
    "New blog post: how we reduced our {tech} bill by {percent}. Co-written with {m1}. "
    "{blog_url}",
    "Our booth at {event} is number {count}. Come say hi to {m1} and me {date}!",
    "Tip for new managers: block one hour every week for 1:1s. It changed everything for my "
    "team at {company}.",
    "Does anyone know {person}? We met at {event} and I lost their card. They work at {company} "
    "as {job}.",
    "Sharing my experience after {duration} of job hunting: {count} applications, 12 "
    "interviews, 1 offer. Don't give up! If I can help, my DMs are open, or write to {email}.",
    "Our charity run raised {price}! Donations are still open by bank transfer to {iban} "
    "(reference RUN{year}). Thank you all!",
    "Server migration done ✅ The new IP of the staging box is {ip}, the old one ({ip2}) will "
    "be decommissioned {date}. Ping {pfirst} for access.",
    "Version {version} of our open-source library is out! {count} contributors, including {m1}. "
    "Changelog: {blog_url}",
    "Closing ticket {ticket} with a smile: {company} support replied in {duration}. Kudos to "
    "{person}!",
    "Our family business, {last} & Sons, turns {count} years old this year. Grateful to every "
    "customer since {year}!",
    "Welcome to the world, little one! 👶 {m1} and I are over the moon. Back at {company} "
    "{date}.",
    "Wrapping up {year}: {count} talks, {count} flights and one amazing team at {company}. "
    "Thank you {m1}, {m2} and {person}!",
    "Day {count} of learning {tech}. Today: async IO. Tomorrow: testing. {hashtags}",
    "Fun fact: our first office was a kitchen table in {city}. {duration} and {count} employees "
    "later, we still eat lunch together on Fridays.",
    "Big life update! After {duration} at {company}, I'm joining {company2} as {job}. I'll be "
    "based in {city} and will keep working with {tech}. I owe a lot to {m1}, who hired me back "
    "in {year}. And to {m2}: thank you for every code review. New contact for anything "
    "work-related: {email}.",
    "Last week our team shipped the biggest release of {year}. It took {duration}, {count} pull "
    "requests and a lot of coffee. {m1} led the backend work. {person} designed the new "
    "onboarding. We measured {percent} better retention in the first days. Details on the blog: "
    "{blog_url}",
    "Selling my old standing desk before moving to {city}. It's in great condition and costs "
    "{price}. Pick-up only, from {address}. Available {date}. Text me at {phone} or email "
    "{email}.",
    "New year, new profile! Find me at {url} or tag me @{handle}.",
    "Our VPN allowlist now includes {ip} and {ip2}. If you work from the {city} office, ping "
    "{pfirst} {date}.",
)

COMMENTS: tuple[str, ...] = (
    "Congrats {m1}! Well deserved 👏",
    "Great post, {m1}! I shared it with my team at {company}.",
    "So true. After {duration} in the industry I couldn't agree more.",
    "Interested! Please reach me at {email}.",
    "Count me in {date}. {m1}, are you coming too?",
    "Thanks for sharing! I'd love a copy of the slides: {email}",
    "Happy to help, call me on {phone} anytime.",
    "{m1} you should see this!",
    "Congratulations! {company} is lucky to have you.",
    "Hi, I'm {name}, {job} at {company}. Let's connect: {url}",
    "Is the role open to candidates based in {country}?",
    "Same thing happened to me last week, the scammer called from {other_phone}. Reported it.",
    "Welcome aboard {m1}! 🎉",
    "Agreed with {person} here, {tech} is overkill for {count} users.",
    "+1, see also {blog_url}",
    "Following. @{other_handle} might know.",
    "Thanks {m1} and {m2}, it was a team effort!",
    "Best of luck in the new role! Best, {first}",
    "cc @{other_handle}, you asked about this last week.",
    "Here is her profile if you want to reach out: {other_url}",
)

MESSAGES: tuple[str, ...] = (
    "Hi {pfirst}, thanks for connecting! Here is my number: {phone}. Let's talk {date}.",
    "Hello {pfirst}, as discussed, my IBAN for the invoice is {iban}. Thanks!",
    "Hey, can you send the contract to {email}? My address for the paper copy is {address}.",
    "Hi {pfirst}, my new card is {card}, can you update the subscription? Thanks, {first}",
    "Thanks for the call. For the payroll form in France: my social security number is {nir} and "
    "my home address is {address}.",
    "Hi! I'm {name}, we met at {event}. Would love to chat about the {job} role. My email: "
    "{email}",
    "Please whitelist my IP {ip} for the VPN. Thanks!",
    "Here is my SIRET for the invoice: {siret}. Payment by transfer to {iban} please.",
    "Hi {pfirst}, {person} gave me your contact. Could we schedule a call next week? I'm at "
    "{phone}.",
    "Sure, my personal email is {email} and my cell is {phone}. Talk soon, {first}",
    "Hi {pfirst}, are you still interested in the {job} position at {company}? The start date "
    "would be {date}.",
    "Can you call {person} at {other_phone}? She handles the {city} accounts.",
    "Hey {pfirst}! Loved your talk at {event}. Here is my profile if you want to connect: {url}",
    "Reminder: the team dinner is at {address} {date}, 7pm.",
    "Hi, I sent {price} to {iban} this morning, can you confirm receipt? Card used: {card}.",
    "My old number was {other_phone}, please use {phone} from now on. Thanks, {name}",
    "My SIRET changed after the move: the new one is {siret}, registered at {address}.",
    "For the health insurance form, my French social security number is {nir}. You can reach me "
    "at {phone}.",
)

TEMPLATES: dict[str, tuple[str, ...]] = {"post": POSTS, "comment": COMMENTS, "message": MESSAGES}
